"""The web service: FastAPI app factory (:mod:`catpack.web.app`), the REST API
under ``/api/v1`` (:mod:`catpack.web.api`) and, when present, the HTML pages
(:mod:`catpack.web.pages`). Domain errors become HTTP statuses only in
:mod:`catpack.web.errors`.
"""
