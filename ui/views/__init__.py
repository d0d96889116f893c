"""Widgets: each renders a view model and sends commands; none touches another thread."""
