from tiltak.templatetags.plantekst import plantekst


def test_blank_lines_part_paragraphs_and_single_lines_join():
    assert plantekst("En linje\nsamme avsnitt\n\nNytt avsnitt") == (
        "<p>En linje samme avsnitt</p>\n<p>Nytt avsnitt</p>"
    )


def test_numbered_and_bulleted_lines_become_lists():
    html = plantekst("Tre grupper:\n1. Første\n2. Andre\n\n• En\n• To")
    assert html == (
        "<p>Tre grupper:</p>\n<ol><li>Første</li><li>Andre</li></ol>\n"
        "<ul><li>En</li><li>To</li></ul>"
    )


def test_text_is_escaped():
    assert plantekst("<script>x</script>") == "<p>&lt;script&gt;x&lt;/script&gt;</p>"


def test_a_number_inside_a_sentence_is_not_a_list():
    assert plantekst("2 1⁄2 -times opplegg") == "<p>2 1⁄2 -times opplegg</p>"


def test_empty_text_gives_nothing():
    assert plantekst("") == ""
