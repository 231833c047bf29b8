"""Where the archive lives and how it behaves.

Settings are declared once (dataclasses), stored as TOML in the data directory, and
upgraded by version. Secrets never go in the file: a PostgreSQL password is read from
the OS keyring.
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import tomli_w
from platformdirs import user_data_dir

from workstation.errors import ConfigError

APP_NAME = "workstation"
SETTINGS_FILE = "settings.toml"
SETTINGS_VERSION = 1
KEYRING_SERVICE_DB = "workstation-db"


def resolve_data_dir(cli_value: str | os.PathLike | None = None) -> Path:
    """--data-dir, else WORKSTATION_HOME, else the platform's user-data directory."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get("WORKSTATION_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, appauthor=False)).resolve()


def _min_length_by_level() -> dict[str, int]:
    return {"公开": 8, "内部": 8, "秘密": 10, "机密": 12, "绝密": 12}


def _max_age_by_level() -> dict[str, int]:
    # Days before a password must be changed; 0 = never.
    return {"公开": 0, "内部": 180, "秘密": 90, "机密": 60, "绝密": 30}


@dataclass
class SignInSettings:
    max_failed_attempts: int = 5
    lockout_minutes: int = 15
    min_password_length: int = 8
    # Stricter password rules for higher clearances (access-control issue).
    min_length_by_level: dict[str, int] = field(default_factory=_min_length_by_level)
    max_age_days_by_level: dict[str, int] = field(default_factory=_max_age_by_level)
    idle_lock_minutes: int = 15


@dataclass
class FixitySettings:
    # Files not re-hashed for this many days are due in `verify --due`.
    recheck_days: int = 90


@dataclass
class WatermarkConfig:
    """Visible watermark on every page rendered for a person (see archive/watermark.py)."""

    template: str = "{user} {time} {terminal}"
    opacity: float = 0.15
    density: int = 3
    font_size: float = 14.0
    angle: int = 30


@dataclass
class Settings:
    version: int = SETTINGS_VERSION
    # Empty means the embedded SQLite database inside the data directory.
    database_url: str = ""
    workstation_name: str = field(default_factory=socket.gethostname)
    agency_name: str = ""
    fonds_code: str = ""
    sign_in: SignInSettings = field(default_factory=SignInSettings)
    fixity: FixitySettings = field(default_factory=FixitySettings)
    watermark: WatermarkConfig = field(default_factory=WatermarkConfig)
    demo: bool = False
    # Items of this 密级 and above are encrypted at rest.
    encrypt_from: str = "秘密"
    # Allow keeping the master key in a file-based keyring (headless machines, demo).
    allow_insecure_keyring: bool = False

    def to_toml(self) -> str:
        return tomli_w.dumps(asdict(self))

    @classmethod
    def from_mapping(cls, data: dict) -> "Settings":
        data = _upgrade(dict(data))
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ConfigError(reason=f"未知的设置项 {sorted(unknown)}")
        kwargs = dict(data)
        kwargs["sign_in"] = SignInSettings(**data.get("sign_in", {}))
        kwargs["fixity"] = FixitySettings(**data.get("fixity", {}))
        kwargs["watermark"] = WatermarkConfig(**data.get("watermark", {}))
        return cls(**kwargs)


def _upgrade(data: dict) -> dict:
    version = data.get("version", 1)
    if version > SETTINGS_VERSION:
        raise ConfigError(reason=f"设置文件版本 {version} 比本程序新，请升级工作站")
    data["version"] = SETTINGS_VERSION
    # Retired keys: the 档号 pattern moved to resources/reference/archival_codes.yaml.
    data.pop("archival_code_pattern", None)
    return data


def load_settings(data_dir: Path) -> Settings:
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(reason=f"{path} 无法解析：{exc}") from exc
    try:
        return Settings.from_mapping(raw)
    except TypeError as exc:
        raise ConfigError(reason=f"{path}：{exc}") from exc


def save_settings(data_dir: Path, settings: Settings) -> None:
    _check_no_password(settings.database_url)
    path = data_dir / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(settings.to_toml(), "utf-8")
    os.replace(tmp, path)


def _check_no_password(url: str) -> None:
    if not url:
        return
    from sqlalchemy.engine import make_url

    if make_url(url).password:
        raise ConfigError(reason="数据库密码不得写入配置文件，请用 keyring 保存（服务名 workstation-db）")


def database_url(data_dir: Path, settings: Settings) -> str:
    """The SQLAlchemy URL to connect with, the PostgreSQL password filled in from keyring."""
    env_url = os.environ.get("WORKSTATION_DATABASE_URL")
    url = env_url or settings.database_url
    if not url:
        return f"sqlite:///{data_dir / 'catalog.sqlite3'}"
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.password:
        raise ConfigError(reason="数据库地址中不得包含密码，请用 keyring 保存（服务名 workstation-db）")
    if parsed.get_backend_name() == "postgresql":
        import keyring

        account = f"{parsed.username}@{parsed.host or 'localhost'}"
        password = keyring.get_password(KEYRING_SERVICE_DB, account)
        if password is None:
            raise ConfigError(reason=f"keyring 中没有数据库账号 {account} 的密码（服务名 {KEYRING_SERVICE_DB}）")
        parsed = parsed.set(password=password)
        return parsed.render_as_string(hide_password=False)
    if parsed.get_backend_name() != "sqlite":
        raise ConfigError(reason=f"不支持的数据库类型 {parsed.get_backend_name()}，仅支持 SQLite 与 PostgreSQL")
    return url
