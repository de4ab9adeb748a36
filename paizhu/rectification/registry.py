"""Navigation entries and home-page to-dos of rectification (registered in RectificationConfig.ready)."""


def register_navigation_and_todos() -> None:
    """Filled in with the pages (the services land first)."""
