from workstation.search import _analyzer as ana


def test_fold_nfkc_t2s_lower_and_line_joins():
    assert ana.fold("執法記\n錄儀") == "执法记录仪"
    assert ana.fold("ＡＢＣ１２３") == "abc123"
    assert ana.fold("〔２０１９〕５４號") == "〔2019〕54号"
    assert ana.fold("衡阳市 住房") == "衡阳市住房"  # layout space between CJK characters
    assert ana.fold("hello\nworld") == "hello\nworld"  # Latin line breaks stay separators


def test_fold_converts_whole_text_not_piecewise():
    # OpenCC picks 干燥 vs 乾隆-style conversions by phrase: the joined text must be converted at once
    assert ana.fold("乾\n燥") == ana.fold("乾燥") == "干燥"


def test_postings_unigrams_bigrams_and_alnum_parts():
    post, n = ana.postings(ana.fold("第262號 2019年11月"))
    assert post["第262"] == [0] and post["262号"] == [1]
    assert post["2019年"] == [4] and post["年11"] == [5] and post["11月"] == [6]
    assert post["第"] == [0] and post["月"] == [7]
    post, _ = ana.postings("91440300ma5xxxxxxx")
    assert {"91440300ma5xxxxxxx", "91440300", "ma", "5", "xxxxxxx"} <= set(post)


def test_query_terms_cover_every_character():
    assert ana.query_terms("执法记录仪") == [("执法", 0), ("记录", 2), ("录仪", 3)]
    assert ana.query_terms("执") == [("执", 0)]
    assert ana.query_terms("〔2019〕54号") == [("2019", 0), ("54号", 2)]
    assert ana.query_terms("，。") == []
