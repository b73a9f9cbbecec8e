"""The theme's CSS variables are kept per theme, and are Textual's own for each."""

from textual.app import App
from textual.theme import Theme

from boclerk.tui.css_variables import KeptCssVariables
from tests.tui.helpers import settle


class ThemedApp(KeptCssVariables, App):
    pass


async def test_variables_are_textuals_and_follow_the_theme():
    app = ThemedApp()
    async with app.run_test() as pilot:
        dark = app.get_css_variables()
        assert dark == App.get_css_variables(app)
        dark["primary"] = "#000000"  # a caller's own copy
        assert app.get_css_variables() == App.get_css_variables(app)
        app.theme = "textual-light"
        await settle(pilot)
        light = app.get_css_variables()
        assert light == App.get_css_variables(app) and light["background"] != dark["background"]
        assert app.theme_variables == light
        # a theme registered again under its name is another theme
        app.register_theme(Theme(name="shop", primary="#112233", dark=True))
        app.theme = "shop"
        await settle(pilot)
        first = app.get_css_variables()
        app.register_theme(Theme(name="shop", primary="#445566", dark=True))
        assert app.get_css_variables() == App.get_css_variables(app) != first
        # and one changed in place
        app.current_theme.primary = "#778899"
        assert app.get_css_variables() == App.get_css_variables(app)
