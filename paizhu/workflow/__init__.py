"""The matter kernel: what every matter type (report, clue, case, rectification demand ...) shares.

Approvals and their rules, the timeline's shape, working-day limit tables, reminders, official
documents (to come), and `transitions`: the declared move and its commit (version, timeline, audit). Apps register
into it from their AppConfig.ready(); it names no business app.
"""
