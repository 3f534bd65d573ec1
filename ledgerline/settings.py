"""Settings: validated pydantic, from the environment (LEDGERLINE_*) or a `.env` file.

Embedded defaults run everything locally: a SQLite file and the document store under
`data/`, Prefect in its local (ephemeral) mode with its state under `data/prefect`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ledgerline.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LEDGERLINE_", env_file=".env", extra="forbid", env_file_encoding="utf-8"
    )

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="database, originals, Prefect state")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite under data_dir")
    clients_dir: Path = Field(default=PROJECT_ROOT / "clients")
    workers: int = Field(default=2, ge=1, le=64, description="processes for extraction/OCR")
    chunk_size: int = Field(default=25, ge=1, le=1000, description="documents per Prefect task")
    max_file_mb: int = Field(default=50, ge=1)
    session_secret: str = Field(default="", description="review app cookie secret; generated into data_dir when empty")
    review_idle_minutes: int = Field(default=15, ge=1, description="an item left in review returns to open after this")
    mask_personal_data: bool = True

    @field_validator("data_dir", "clients_dir")
    @classmethod
    def _absolute(cls, v: Path) -> Path:
        return v.expanduser().resolve()

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'ledgerline.db'}"

    @property
    def originals_dir(self) -> Path:
        return self.data_dir / "originals"

    @property
    def inbox_dir(self) -> Path:
        """Folder inboxes, one per client: `<inbox_dir>/<client>/`."""
        return self.data_dir / "inbox"

    @property
    def prefect_home(self) -> Path:
        return self.data_dir / "prefect"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"LEDGERLINE_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"settings (environment or .env): {problems}") from exc
