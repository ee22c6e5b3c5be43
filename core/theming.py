"""Per-tenant theme: colours as CSS custom properties, checked against WCAG 2.1 contrast."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

WCAG_AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    red, green, blue = (int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Every page's header asks it for the government's two colours: kept per process (a few colours).
@lru_cache(maxsize=256)
def readable_text_on(background: str) -> str:
    """White or near-black, whichever contrasts more with `background`."""
    return max(("#FFFFFF", "#1A1A1A"), key=lambda text: contrast_ratio(background, text))


@dataclass(frozen=True)
class Theme:
    primary: str
    secondary: str

    @property
    def on_primary(self) -> str:
        return readable_text_on(self.primary)

    @property
    def on_secondary(self) -> str:
        return readable_text_on(self.secondary)


PLATFORM_THEME = Theme(primary="#1F3A5F", secondary="#B38E5D")
