"""A hand-labelled set of hard quotation cases (tests/test_quotes.py): each a short text and
the quotations with a speaker it holds, as (the quotation's first words, the speaker's actor
id). A quotation not listed must have no speaker: a guess there is a wrong attribution."""

CASES = [
    # Direct, said after the quotation.
    ('"We will not back down," Biden said.', [("We will not back down", "joe-biden")]),
    ('"Russia must leave Ukraine now," said Blinken.', [("Russia must leave", "antony-blinken")]),
    # Said before the quotation.
    ('Putin said: "The West is lying about Ukraine."', [("The West is lying", "vladimir-putin")]),
    (
        "Macron told reporters, \u201cEurope must defend itself alone.\u201d",
        [("Europe must defend", "emmanuel-macron")],
    ),
    # An appositive between the speaker and the verb.
    (
        "\u201cThis is a dangerous moment for Korea,\u201d Jake Sullivan, the national security "
        "adviser, said on Tuesday.",
        [("This is a dangerous", "jake-sullivan")],
    ),
    # A title before the name, after the verb.
    (
        "\u201cWe stand with Kyiv,\u201d said U.S. Secretary of State Antony Blinken.",
        [("We stand with Kyiv", "antony-blinken")],
    ),
    # The quotation broken by its attribution.
    (
        "\u201cWe are ready to talk,\u201d Zelensky said, \u201cbut not to surrender any "
        "land.\u201d",
        [
            ("We are ready to talk", "volodymyr-zelensky"),
            ("but not to surrender", "volodymyr-zelensky"),
        ],
    ),
    # Several sentences inside one pair of marks.
    (
        "\u201cThe sanctions work. They hurt Moscow. We will add more,\u201d Scholz said.",
        [("The sanctions work", "olaf-scholz")],
    ),
    # Several paragraphs: the first left open, the next reopening.
    (
        "\u201cWe will not accept this threat from Pyongyang.\n\u201cAnd we will answer it with "
        "our allies,\u201d Kishida said.",
        [("We will not accept", "fumio-kishida")],
    ),
    # A second quotation paragraph without attribution carries on the speaker.
    (
        "\u201cThe talks were useful,\u201d Erdogan said.\n\u201cWe will meet again in Ankara next "
        "month.\u201d",
        [
            ("The talks were useful", "recep-tayyip-erdogan"),
            ("We will meet again", "recep-tayyip-erdogan"),
        ],
    ),
    # Nested: a quotation inside a quotation is part of it.
    (
        "\u201cHe told me \u2018we will never give up Crimea\u2019 and I believed him,\u201d "
        "Macron said.",
        [("He told me", "emmanuel-macron")],
    ),
    # Apostrophes that are not quotation marks.
    (
        "\u201cRussia\u2019s army hasn\u2019t won, and Putin\u2019s plan failed,\u201d "
        "Zelensky said.",
        [("Russia\u2019s army", "volodymyr-zelensky")],
    ),
    (
        "Kim\u2019s regime isn\u2019t talking. \u2018We have nothing to add,\u2019 Sunak said.",
        [("We have nothing to add", "rishi-sunak")],
    ),
    # Reported speech without marks.
    (
        "Biden said that Russia would pay a heavy price for the invasion.",
        [("Russia would pay", "joe-biden")],
    ),
    (
        "China will not supply weapons to Russia, Xi Jinping said on Monday.",
        [("China will not supply", "xi-jinping")],
    ),
    (
        "According to Blinken, the ceasefire has held for three days.",
        [("the ceasefire has held", "antony-blinken")],
    ),
    (
        "The talks will resume next week, according to Erdogan.",
        [("The talks will resume", "recep-tayyip-erdogan")],
    ),
    (
        "Scholz told reporters the pipeline would stay closed.",
        [("the pipeline would stay", "olaf-scholz")],
    ),
    # Resolved pronouns: exactly one person in the sentence before.
    (
        "Biden met his advisers on Monday. \u201cWe are watching Russia closely,\u201d he said.",
        [("We are watching Russia", "joe-biden")],
    ),
    # Two persons in the sentence before: no guess.
    ("Biden met Macron in Paris. \u201cWe agree on almost everything,\u201d he said.", []),
    # No person before a pronoun: no guess.
    ("The talks ended late. \u201cIt was a long night for everyone,\u201d she said.", []),
    # Someone of an actor's speaks, not the actor.
    ("\u201cThere is nothing to say about it,\u201d Putin\u2019s spokesman said.", []),
    ("\u201cThe meeting is not planned yet,\u201d a spokesman for Putin said.", []),
    ("Russia will respond, Putin\u2019s spokesman said on Friday.", []),
    # The speaker is no actor; an actor later in the clause is not the speaker.
    (
        "Putin wants Kim to send artillery shells, the Times said, citing unnamed U.S. officials.",
        [],
    ),
    ("At least 60 percent of North Koreans live in poverty, according to analysts.", []),
    # Scare quotes are not quotations.
    ("Biden said Russia would \u201cpay a price\u201d soon.", [("pay a price", "joe-biden")]),
    # An attribution inside the sentence it attributes.
    (
        "The so-called \u201cpeace plan\u201d of Moscow, Zelensky said, is a trap.",
        [("The so-called", "volodymyr-zelensky")],
    ),
    # An actor inside the quotation is a target, not the speaker.
    (
        "\u201cPutin is a war criminal and must be judged,\u201d Biden said.",
        [("Putin is a war criminal", "joe-biden")],
    ),
    # Straight quotes with inches and an apostrophe.
    (
        'Xi Jinping said: "The 12" guns and the army\'s tanks are not for sale."',
        [("The 12", "xi-jinping")],
    ),
    # A quotation without any attribution.
    ("\u201cNobody wants a war in Europe again,\u201d the crowd chanted in Berlin.", []),
    # The newswire's hard-wrapped lines inside a quotation.
    (
        '    "We are not going to raise interest rates\nthis month," Blinken said.\n'
        "    The dollar fell.",
        [("We are not going to raise", "antony-blinken")],
    ),
    # "he said" a few sentences after the person, facts between: that person.
    (
        "Olaf Scholz said the plan would cost 20 billion euros. The money comes from the budget. "
        "Exports rose in May.\n\u201cWe cannot wait any longer,\u201d he said.",
        [("the plan would cost", "olaf-scholz"), ("We cannot wait", "olaf-scholz")],
    ),
    # ... but not past someone unnamed who spoke nearer: "he" may be the spokesman.
    (
        "Olaf Scholz met the unions on Monday. The spokesman said the talks went well.\n"
        "\u201cWe will meet again,\u201d he said.",
        [],
    ),
]
