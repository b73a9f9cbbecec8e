"""The theme's CSS variables, made once per theme instead of at each call."""

from __future__ import annotations


class KeptCssVariables:
    """Mixed into the App: ``get_css_variables`` kept while the theme is the same.

    Textual builds the theme's whole colour system at each call (some 0.5 ms), and the key bar
    asks at each draw, four times on the way to the Orders list's first rows. A theme picked,
    registered again or changed, or other theme defaults, make them anew; each caller gets a dict
    of its own, as from Textual."""

    #: the variables last made: (the theme, its repr, the theme defaults, the variables)
    _css_variables: tuple | None = None

    def get_css_variables(self) -> dict[str, str]:
        theme = self.current_theme  # type: ignore[attr-defined]
        defaults = self.get_theme_variable_defaults()  # type: ignore[attr-defined]
        shape = repr(theme)
        kept = self._css_variables
        if kept is None or kept[0] is not theme or kept[1] != shape or kept[2] != defaults:
            kept = self._css_variables = (theme, shape, dict(defaults), super().get_css_variables())  # type: ignore[misc]
        self.theme_variables = dict(kept[3])
        return dict(kept[3])
