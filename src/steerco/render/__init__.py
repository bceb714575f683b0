"""View data and renderers: each command's result as its JSON contract, CSV or HTML."""
