"""Dashboard pages, one file each; `dashboard/app.py` routes to them."""
