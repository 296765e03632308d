"""The tracker: each recommendation or concern followed to its response, actions and evidence.

- `rules`: pure rules (statuses, overdue and RAG at a date, how well documents match for linking);
- `answers`: pure rules for which part of a PFD response answers which concern (number, quotation, wording);
- `plan_files`: action plan spreadsheets read and written, cell by cell;
- `plans`: what an imported plan changes, and a plan as rows;
- `tracker`: the `Tracker` API over the store (`Library.tracker`).

Imports point one way: tracker -> plans -> plan_files -> rules, and tracker -> answers. The store's tracking
rows are in `lessons.store.tracking`, the pages in `lessons.web.tracking`.
"""
