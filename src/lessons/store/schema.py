"""The one schema definition both SQLite and PostgreSQL use (migrations create it; tests compare them).

Full-text indexes are engine-specific and live only in the migrations: an FTS5 table on SQLite, a generated
`tsvector` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("title", sa.Text),
    sa.Column("doc_type", sa.String(32)),
    sa.Column("review_kind", sa.String(32)),
    sa.Column("date", sa.String(10)),  # at the document's own precision: YYYY, YYYY-MM or YYYY-MM-DD
    sa.Column("date_start", sa.Date),  # the first and last day that precision covers, for date filters
    sa.Column("date_end", sa.Date),
    sa.Column("issuer", sa.Text),
    sa.Column("area", sa.Text),
    sa.Column("page_count", sa.Integer),
    sa.Column("char_count", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    # What users said (doc_type, review_kind, date, issuer, area): it wins over extraction and is inherited by
    # new versions. NULL on documents stored before extraction existed: then all their metadata was given.
    sa.Column("user_metadata", sa.JSON),
    sa.Index("ix_documents_content_hash", "content_hash"),
    sa.Index("ix_documents_path", "path"),
    sa.Index(
        "uq_documents_current_path",
        "path",
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    ),
    sa.Index("ix_documents_doc_type", "doc_type"),
    sa.Index("ix_documents_date_start", "date_start"),
    # Counts by type and year read this index alone, not the table's rows with their texts (migration 0007).
    sa.Index("ix_documents_current_type_date", "is_current", "doc_type", "date"),
)

document_sources = sa.Table(
    "document_sources",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_text", sa.LargeBinary, nullable=False),  # zlib-compressed UTF-8 of the reader's text
    sa.Column("offset_map", sa.JSON, nullable=False),  # clean offset -> source offset runs
    # the document's tables, each cell with its span in the clean text (migration 0009)
    sa.Column("tables", sa.JSON),
)

pages = sa.Table(
    "pages",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),  # [start, end) in the clean text
    sa.Column("end", sa.Integer, nullable=False),
)


# --- extraction: one row per document for its document-level fields, one table per kind of item --------------


def _document_id(primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def _span() -> list[sa.Column[int]]:
    """Each item's [start, end) in the document's clean text, and its page where known."""
    return [
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer),
    ]


extractions = sa.Table(
    "extractions",
    metadata,
    _document_id(primary_key=True),
    sa.Column("doc_type", sa.String(32)),
    sa.Column("doc_type_confidence", sa.Float),
    sa.Column("doc_type_evidence", sa.Text),
    sa.Column("review_kind", sa.String(32)),
    sa.Column("review_kind_confidence", sa.Float),
    sa.Column("review_kind_evidence", sa.Text),
    sa.Column("date", sa.Text),
    sa.Column("issuer", sa.Text),
    sa.Column("addressee", sa.Text),
    sa.Column("area", sa.Text),
    sa.Column("subjects", sa.JSON, nullable=False),
    sa.Column("coroner", sa.Text),
    sa.Column("deceased", sa.Text),
    sa.Column("deceased_age", sa.Float),  # as written: 15 of "15 months", 2.5 of "2½ years" (migration 0008)
    sa.Column("deceased_age_unit", sa.String(8)),  # years, months, weeks, days or hours
    sa.Column("deceased_age_years", sa.Float),  # the age in years (1.25), for comparing and filtering
    sa.Column("date_of_death", sa.Text),
    sa.Column("recipients", sa.JSON, nullable=False),  # [{"name", "response_due"}]
    sa.Column("response_due", sa.Text),
    sa.Column("report_date", sa.Text),
    sa.Column("sections", sa.JSON, nullable=False),  # [{"name", "span": {"start", "end", "page"}}]
    sa.Column("themes", sa.JSON),  # [{"id", "score", "evidence"}] (migration 0003)
    sa.Column("agencies", sa.JSON),  # ["police", ...]
)

recommendations = sa.Table(
    "recommendations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_id(),
    sa.Column("position", sa.Integer, nullable=False),  # order in the document, from 0
    sa.Column("number", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("case", sa.Text),
    sa.Column("theme", sa.Text),
    *_span(),
    sa.Column("themes", sa.JSON),
    sa.Column("agencies", sa.JSON),
    sa.Column("embedding", sa.LargeBinary),  # float32 unit vector (migration 0004)
    sa.Index("ix_recommendations_document_id", "document_id"),
    sa.Index(
        "ix_recommendations_unembedded",
        "id",
        sqlite_where=sa.text("embedding IS NULL"),
        postgresql_where=sa.text("embedding IS NULL"),
    ),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_id(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # lesson or finding
    sa.Column("number", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    *_span(),
    sa.Index("ix_findings_document_id", "document_id"),
)

concerns = sa.Table(
    "concerns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_id(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("number", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    *_span(),
    sa.Column("themes", sa.JSON),
    sa.Column("agencies", sa.JSON),
    sa.Column("embedding", sa.LargeBinary),  # float32 unit vector (migration 0004)
    sa.Index("ix_concerns_document_id", "document_id"),
    sa.Index(
        "ix_concerns_unembedded",
        "id",
        sqlite_where=sa.text("embedding IS NULL"),
        postgresql_where=sa.text("embedding IS NULL"),
    ),
)

actions = sa.Table(
    "actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_id(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # taken or planned
    sa.Column("owner", sa.Text),
    sa.Column("due", sa.Text),
    # what an action plan's row says beside the action, as written (migration 0009)
    sa.Column("answers", sa.JSON),  # numbers of the recommendations (or concerns) it answers
    sa.Column("officer", sa.Text),
    sa.Column("target", sa.Text),
    sa.Column("progress_status", sa.Text),
    sa.Column("rag", sa.Text),
    sa.Column("progress", sa.Text),
    sa.Column("evidence", sa.Text),
    sa.Column("recommendation", sa.Text),
    *_span(),
    sa.Index("ix_actions_document_id", "document_id"),
)

# The parts of a PFD response letter that answer each concern of the report (migration 0009).
answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    _document_id(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("concern", sa.Text),  # the concern's number, where the letter gives it
    sa.Column("quote", sa.Text),  # the concern's words, where the letter quotes them
    sa.Column("text", sa.Text, nullable=False),
    *_span(),
    sa.Index("ix_answers_document_id", "document_id"),
)

ITEM_TABLES = {
    "recommendations": recommendations,
    "concerns": concerns,
    "actions": actions,
    "findings": findings,
    "answers": answers,
}


# --- tracking: responses, actions and evidence for recommendations and concerns; links; the audit log -------
# Rows carry `version` for optimistic locking (an update names the version it read) and are never deleted:
# `deleted` hides them and the audit log keeps what they held.


def _tracked() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Text, nullable=False),
    ]


responses = sa.Table(
    "responses",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_kind", sa.String(16), nullable=False),  # recommendation or concern
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(24), nullable=False),  # accepted, partially accepted, not accepted, noted
    sa.Column("text", sa.Text),
    sa.Column("date", sa.String(10)),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id")),  # the response document, if any
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    *_tracked(),
    sa.Index("uq_responses_item", "item_kind", "item_id", unique=True),
)

tracked_actions = sa.Table(
    "tracked_actions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("item_kind", sa.String(16)),  # the recommendation or concern it answers, where known
    sa.Column("item_id", sa.Integer),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id")),  # the review or plan it belongs to
    sa.Column("extracted_action_id", sa.Integer, sa.ForeignKey("actions.id")),
    sa.Column("recommendation", sa.Text),  # the recommendation as an imported plan words it
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("scope", sa.Text),
    sa.Column("lead_agency", sa.Text),
    sa.Column("lead_officer", sa.Text),
    sa.Column("milestones", sa.Text),
    sa.Column("due", sa.String(10)),
    sa.Column(
        "target", sa.Text
    ),  # the target as a plan writes it ("Q3 2025/26", "June 2025") (migration 0009)
    sa.Column("answers", sa.JSON),  # numbers of every recommendation it answers, ["2", "5"] (migration 0009)
    sa.Column("status", sa.String(16), nullable=False),  # not started, in progress, complete
    sa.Column("rag", sa.String(8)),  # red, amber, green as set; computed when not
    sa.Column("progress", sa.Text),
    sa.Column("evidence_of_impact", sa.Text),
    sa.Column("completed_on", sa.String(10)),
    sa.Column("signed_off_by", sa.Text),
    sa.Column("origin", sa.String(16), nullable=False),  # extracted, user, imported
    sa.Column("confirmed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    *_tracked(),
    sa.Index("ix_tracked_actions_item", "item_kind", "item_id"),
    sa.Index("ix_tracked_actions_document_id", "document_id"),
    sa.Index("ix_tracked_actions_due", "due"),  # actions due in a month (migration 0007)
)

evidence = sa.Table(
    "evidence",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action_id", sa.Integer, sa.ForeignKey("tracked_actions.id"), nullable=False),
    sa.Column("date", sa.String(10)),
    sa.Column("note", sa.Text),
    sa.Column("link", sa.Text),
    sa.Column("file_name", sa.Text),
    sa.Column("file_data", sa.LargeBinary),
    sa.Column("impact", sa.Text),  # the impact assessment
    sa.Column("signed_off_by", sa.Text),
    sa.Column("signed_off_on", sa.String(10)),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
    *_tracked(),
    sa.Index("ix_evidence_action_id", "action_id"),
)

links = sa.Table(
    "links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),  # e.g. the response
    sa.Column("target_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),  # e.g. the report
    sa.Column("kind", sa.String(24), nullable=False),  # responds_to, same_review
    sa.Column("score", sa.Float),
    sa.Column("status", sa.String(16), nullable=False),  # suggested, confirmed, rejected
    sa.Column("evidence", sa.JSON, nullable=False),  # what matched: {"deceased": ..., "report_date": ...}
    *_tracked(),
    sa.Index("uq_links", "source_id", "target_id", "kind", unique=True),
    sa.Index("ix_links_target_id", "target_id"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.Text, nullable=False),
    sa.Column("entity", sa.String(16), nullable=False),  # response, action, evidence, link
    sa.Column("entity_id", sa.Integer, nullable=False),
    sa.Column("change", sa.String(16), nullable=False),  # create, update, delete
    sa.Column("field", sa.Text),
    sa.Column("old", sa.JSON),
    sa.Column("new", sa.JSON),
    sa.Index("ix_audit_log_entity", "entity", "entity_id"),
)

# --- accounts for the web app: users with a role, their login sessions and API tokens ------------------------
# Only digests of session and API tokens are stored; a stolen database does not log anyone in.

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id
    sa.Column("role", sa.String(16), nullable=False),  # viewer, editor, admin
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("uq_users_username", "username", unique=True),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # sha256 of the cookie's token
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_sessions_user_id", "user_id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),  # sha256 of the token
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("uq_api_tokens_digest", "digest", unique=True),
)
