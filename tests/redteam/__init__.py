"""Red-team tests of the consent gate (issue 13): only public entry points."""
