"""The matter kernel: what every matter type (report, clue, case, rectification demand ...) shares.

Approvals and their rules (with the approver's inbox and decision pages over every kind), the timeline's shape,
working-day limit tables, reminders, official documents (template, override directory, watermark, stepped-up and
audited download), and `transitions`: the declared move and its commit (version, timeline, audit). Apps register
into it from their AppConfig.ready(); it names no business app.
"""
