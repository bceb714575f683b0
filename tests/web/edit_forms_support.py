"""Reading an editing form as a browser submits it, and the project's stored state.

`form_values(html)` collects what a browser would send from the page's form `#edit-form`
(or another form by id): every input, checked box and radio, selected option and textarea,
hidden fields included, so a test fills in fields and posts the rest unchanged.
"""

from __future__ import annotations

from html.parser import HTMLParser

from steerco.app.workspace.context import Principal, Workspace
from steerco.app.workspace.projects import pull_project
from steerco.app.workspace.rows import RowView, get_row, list_rows
from steerco.app.workspace.tokens import principal_for_token
from web.pages_support import Browser


class _FormReader(HTMLParser):
    """The values a form submits (the last value of a name wins, like these forms use)."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and found.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = found.get("name")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in found:
                    self.values[name] = found.get("value", "on")
            else:
                self.values[name] = found.get("value", "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select is not None:
            value = found.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.values.setdefault(self._select, value)
            if "selected" in found:
                self.values[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.values[self._textarea] += data


def form_values(html: str, form_id: str = "edit-form") -> dict[str, str]:
    """What the form `form_id` of the page submits as it stands."""
    reader = _FormReader(form_id)
    reader.feed(html)
    assert reader.values, f"no form #{form_id} on the page"
    return reader.values


def principal_of(workspace: Workspace, browser: Browser) -> Principal:
    """The principal the browser's session signs in."""
    secret = browser.client.cookies.get("steerco_session")
    assert secret
    return principal_for_token(workspace=workspace, secret=secret)


def owner(workspace: Workspace) -> Principal:
    """The seeded owner of `plan` (reads everything, for the tests' checks)."""
    from steerco.app.workspace.tokens import create_token

    token = create_token(workspace=workspace, user="owner", name="checks")
    return principal_for_token(workspace=workspace, secret=token.secret)


def stored_text(workspace: Workspace, reader: Principal) -> tuple[int, str]:
    """The current revision's number and project text of `plan`."""
    pulled = pull_project(workspace=workspace, principal=reader, project="plan")
    return pulled.revision, pulled.text


def row(workspace: Workspace, reader: Principal, collection: str, key: str) -> RowView:
    """One row of `plan`'s current revision."""
    return get_row(
        workspace=workspace, principal=reader, project="plan", collection=collection, key=key
    )


def keys(workspace: Workspace, reader: Principal, collection: str) -> list[str]:
    """Every key of a collection of `plan`, in file order."""
    page = list_rows(
        workspace=workspace, principal=reader, project="plan", collection=collection, limit=1000
    )
    return [item.key for item in page.items]
