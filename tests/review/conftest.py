from tests.review.fixtures import review_case, review_pdf, review_video  # noqa: F401
