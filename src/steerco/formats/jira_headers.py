"""The words of a Jira export in five languages: its column headers, issue types and statuses.

Jira names the columns of a CSV export, its issue types and its status categories in the
exporting user's language. These tables map the English, Spanish, German, French and
Portuguese names to steerco's fields, item types and status categories. Names are compared
case-insensitively, without accents and with runs of spaces as one (so a file saved in the
wrong encoding still matches most of them). A custom field is written
`Custom field (NAME)` (`Campo personalizado (NAME)`, `Benutzerdefiniertes Feld (NAME)`,
`Champ personnalisé (NAME)`); its NAME is looked up in `CUSTOM`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CATEGORIES",
    "CUSTOM",
    "FIELDS",
    "HEADERS",
    "TYPES",
    "field_of",
    "folded",
    "guess_category",
    "item_type",
]

FIELDS = (
    "key",
    "issue_id",
    "title",
    "type",
    "status",
    "status_category",
    "created",
    "updated",
    "started",
    "done",
    "due",
    "assignee",
    "parent",
    "parent_id",
    "epic_link",
    "sprint",
    "labels",
    "points",
)
"""Every field an export's column can hold, in the order the docs list them."""


def folded(text: str) -> str:
    """`text` lower case, without accents, its runs of spaces as one: the form names match in."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain)


# field: (English, Spanish, German, French, Portuguese) names, several where Jira has used several
_HEADERS: dict[str, tuple[str, ...]] = {
    "key": (
        "Issue key",
        "Key",
        "Clave de incidencia",
        "Clave",
        "Schlüssel",
        "Vorgangsschlüssel",
        "Clé de ticket",
        "Clé",
        "Chave da item",
        "Chave do item",
        "Chave",
    ),
    "issue_id": (
        "Issue id",
        "ID de la incidencia",
        "Id. de la incidencia",
        "Vorgangs-ID",
        "ID de ticket",
        "ID da item",
        "ID do item",
    ),
    "title": ("Summary", "Resumen", "Zusammenfassung", "Résumé", "Resumo"),
    "type": ("Issue Type", "Tipo de Incidencia", "Vorgangstyp", "Type de ticket", "Tipo de item"),
    "status": ("Status", "Estado", "État", "Statut"),
    "status_category": (
        "Status Category",
        "Categoría de estado",
        "Statuskategorie",
        "Catégorie d'état",
        "Catégorie de statut",
        "Categoria de status",
    ),
    "created": ("Created", "Creada", "Creado", "Erstellt", "Création", "Créé", "Criado"),
    "updated": (
        "Updated",
        "Actualizada",
        "Actualizado",
        "Aktualisiert",
        "Mise à jour",
        "Modifié",
        "Atualizado",
        "Atualizado(a)",
    ),
    "done": ("Resolved", "Resuelta", "Resuelto", "Erledigt", "Résolue", "Résolu", "Resolvido"),
    "started": (
        "Start date",
        "Inferred start date",
        "Fecha de inicio",
        "Fecha de inicio inferida",
        "Startdatum",
        "Abgeleitetes Startdatum",
        "Date de début",
        "Date de début déduite",
        "Data de início",
        "Data de início inferida",
    ),
    "due": (
        "Due date",
        "Due",
        "Inferred due date",
        "Fecha de vencimiento",
        "Fecha de vencimiento inferida",
        "Fälligkeitsdatum",
        "Fällig am",
        "Abgeleitetes Fälligkeitsdatum",
        "Date d'échéance",
        "Échéance",
        "Date d'échéance déduite",
        "Data limite",
        "Data de vencimento",
        "Data limite inferida",
    ),
    "assignee": (
        "Assignee",
        "Persona asignada",
        "Responsable",
        "Bearbeiter",
        "Zugewiesene Person",
        "Assigné",
        "Personne assignée",
        "Responsável",
    ),
    "parent": (
        "Parent",
        "Parent key",
        "Principal",
        "Clave principal",
        "Elemento principal",
        "Übergeordnet",
        "Übergeordneter Schlüssel",
        "Übergeordneter Vorgang",
        "Clé parent",
        "Clé du parent",
        "Pai",
        "Chave pai",
        "Chave principal",
    ),
    "parent_id": (
        "Parent id",
        "ID principal",
        "Id. principal",
        "Übergeordnete ID",
        "ID parent",
        "ID du parent",
        "ID pai",
        "ID principal",
    ),
    "epic_link": ("Epic Link",),
    "sprint": ("Sprint", "Sprints"),
    "labels": ("Labels", "Etiquetas", "Stichwörter", "Étiquettes", "Rótulos"),
    "points": ("Story Points", "Story point estimate"),
}

HEADERS: dict[str, str] = {folded(name): f for f, names in _HEADERS.items() for name in names}
"""The field of each known column header (folded)."""

CUSTOM: dict[str, str] = {
    **{
        folded(name): "points"
        for name in (
            "Story Points",
            "Story point estimate",
            "Puntos de historia",
            "Estimación de puntos de historia",
            "Story-Punkte",
            "Story-Point-Schätzung",
            "Schätzung der Story-Punkte",
            "Points d'histoire",
            "Points de story",
            "Estimation des points d'histoire",
            "Pontos da história",
            "Pontos de história",
            "Estimativa de pontos da história",
        )
    },
    **{
        folded(name): "epic_link"
        for name in (
            "Epic Link",
            "Enlace de épica",
            "Vínculo de épica",
            "Epic-Verknüpfung",
            "Epic-Link",
            "Lien d'epic",
            "Lien d'épopée",
            "Link do épico",
            "Vínculo de épico",
        )
    },
    **{folded(name): "sprint" for name in ("Sprint",)},
    **{
        folded(name): "started"
        for name in (
            "Start date",
            "Fecha de inicio",
            "Startdatum",
            "Date de début",
            "Data de início",
        )
    },
}
"""The field of each known custom field, by the name inside `Custom field (NAME)`."""

_CUSTOM = re.compile(
    r"(?:custom field|campo personalizado|benutzerdefiniertes feld|champ personnalise)"
    r"\s*\((.+)\)"
)


def field_of(header: str) -> str | None:
    """The field a column header holds, in any of the five languages; None when unknown."""
    name = folded(header)
    if name in HEADERS:
        return HEADERS[name]
    match = _CUSTOM.fullmatch(name)
    return CUSTOM.get(match[1].strip()) if match else None


_TYPES: dict[str, tuple[str, ...]] = {
    "epic": ("Epic", "Épica", "Epos", "Épico", "Épique"),
    "story": ("Story", "User Story", "Historia", "Historia de usuario", "História", "Récit"),
    "task": ("Task", "Tarea", "Aufgabe", "Tâche", "Tarefa"),
    "bug": ("Bug", "Error", "Fehler", "Bogue", "Erro"),
    "subtask": (
        "Sub-task",
        "Subtask",
        "Sub-tarea",
        "Subtarea",
        "Unteraufgabe",
        "Untergeordnete Aufgabe",
        "Sous-tâche",
        "Subtarefa",
        "Sub-tarefa",
    ),
    "test": ("Test", "Prueba", "Teste"),
    "spike": ("Spike", "Investigación", "Recherche", "Investigação"),
}

TYPES: dict[str, str] = {folded(name): t for t, names in _TYPES.items() for name in names}
"""steerco's item type of each issue type name (folded)."""


def item_type(name: str) -> str | None:
    """The steerco item type of an issue type in any of the five languages; None when unknown."""
    return TYPES.get(folded(name))


_CATEGORIES: dict[str, tuple[str, ...]] = {
    "todo": (
        "To Do",
        "Por hacer",
        "Tareas por hacer",
        "Zu erledigen",
        "À faire",
        "Itens Pendentes",
        "A fazer",
        "Pendente",
    ),
    "in_progress": ("In Progress", "En curso", "In Arbeit", "En cours", "Em andamento"),
    "done": (
        "Done",
        "Listo",
        "Hecho",
        "Finalizada",
        "Fertig",
        "Terminé",
        "Itens concluídos",
        "Concluído",
    ),
}

CATEGORIES: dict[str, str] = {folded(n): c for c, names in _CATEGORIES.items() for n in names}
"""The status category of each name Jira gives a category (folded), in the five languages."""

_DONE_WORDS = (
    "done",
    "closed",
    "resolved",
    "complete",
    "released",
    "cancel",
    "won't",
    "wont",
    "hecho",
    "listo",
    "cerrad",
    "resuelt",
    "finaliz",
    "complet",
    "erledigt",
    "fertig",
    "geschlossen",
    "abgeschlossen",
    "gelost",
    "termine",
    "ferme",
    "resolu",
    "clos",
    "concluid",
    "feito",
    "fechad",
    "resolvid",
)
_PROGRESS_WORDS = (
    "progress",
    "review",
    "testing",
    "qa",
    "doing",
    "develop",
    "block",
    "verif",
    "deploy",
    "curso",
    "revision",
    "proceso",
    "desarroll",
    "bloquead",
    "arbeit",
    "bearbeitung",
    "prufung",
    "blockiert",
    "cours",
    "revue",
    "bloque",
    "andamento",
    "revisao",
    "progresso",
    "bloquead",
    "analise",
)


def guess_category(status: str) -> str:
    """The category a status name suggests (`Cerrada` done, `En revisión` in progress)."""
    name = folded(status)
    if name in CATEGORIES:
        return CATEGORIES[name]
    if any(word in name for word in _DONE_WORDS):
        return "done"
    if any(word in name for word in _PROGRESS_WORDS):
        return "in_progress"
    return "todo"
