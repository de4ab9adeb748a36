"""The matter kernel: what every matter type (report, clue, case, rectification demand ...) shares.

Approvals and their rules, the timeline's shape, working-day limit tables, reminders, official
documents, and `transition()`, the one way a declared state change is carried out. Apps register
into it from their AppConfig.ready(); it names no business app.
"""
