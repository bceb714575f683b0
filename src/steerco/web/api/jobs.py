"""`/api/v1/projects/{project}/jobs`: background analyses (filled in by the jobs work)."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter()
