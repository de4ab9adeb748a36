"""Schemas every API router shares (the api app mounts the routers; the apps import these). Paging bounds
come from `paizhu.core.params`, like the pages'."""

from ninja import Field, Schema

from .params import ID_MAX, MAX_LIMIT, MAX_OFFSET

DEFAULT_LIMIT = 100


class Paging(Schema):
    """`?limit=&offset=`: a malformed or out-of-range value answers 400, never a database error."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def window(self, queryset):
        return queryset[self.offset : self.offset + self.limit]


def id_field(description: str):
    """An optional filter naming one record by id (`?unit=`), within the id range."""
    return Field(None, ge=1, le=ID_MAX, description=description)
