"""publishing: what a published site needs beyond its pages.

Preview cards (``cards``, drawn with Pillow), robots.txt and a Content-Security-Policy file
(``csp``), written into the built site by ``Publisher``. Nothing here knows about quizzes or
MkDocs: the hook in ``hooks/quiz.py`` hands it each page's title and place, and the site folder.
"""
