"""Golden and negative cases of the movant rules (MV-xx in monitor/analyze/movant.py, PT-xx in
monitor/parties.py). Every text is written for these tests; names are invented."""

from __future__ import annotations

import pytest

from monitor.analyze import analyze_text
from monitor.parties import read_parties

CAPTION_GOV = (
    "LUCIA FERRANTE,\nPetitioner,\nv.\nWARDEN, NORTHERN VALLEY PROCESSING CENTER, et al.,\n"
    "Respondents.\n\nORDER\n\n"
)
CAPTION_PRIVATE = (
    "HALVERSON TOOL CO.,\nPlaintiff,\nv.\nBRIGHTWATER MARINE, INC.,\nDefendant.\n\nORDER\n\n"
)
CAPTION_OFFICIAL = (
    "OMAR SADIQ,\nPlaintiff,\nv.\nSECRETARY OF HOMELAND SECURITY, in her official capacity,\n"
    "Defendant.\n\nORDER\n\n"
)

# (rule, text, expected movant_role); rows marked "neg" look close but must not fire.
GOLDEN = [
    # MV-01 the ruling sentence's motion wins over one named in the background
    (
        "MV-01",
        CAPTION_PRIVATE + "Plaintiff earlier filed a motion to seal its brief (Doc. 4), "
        "which was withdrawn. For the reasons below, Defendant's motion to seal (Doc. 9) is "
        "GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-01 neg",
        CAPTION_PRIVATE + "Before the Court is Plaintiff's motion to seal (Doc. 9). "
        "The Court granted Defendant's earlier motion to seal in March. The motion is GRANTED.",
        "plaintiff_petitioner",
    ),
    # MV-02 a motion for something else is not a sealing motion
    (
        "MV-02",
        CAPTION_PRIVATE + "The exhibits filed with Plaintiff's motion for summary "
        "judgment will remain under seal. Defendant moves to keep them sealed (Doc. 30). The "
        "motion is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-02 neg",
        CAPTION_PRIVATE + "Plaintiff's motion to file its exhibits under seal "
        "(Doc. 12) is GRANTED.",
        "plaintiff_petitioner",
    ),
    # MV-03 a pronoun subject is the previous sentence's
    (
        "MV-03",
        CAPTION_PRIVATE + "The parties have settled and jointly ask the Court to approve "
        "the settlement. They also ask leave to file the agreement under seal. The request is "
        "DENIED.",
        "joint",
    ),
    (
        "MV-03 neg",
        CAPTION_PRIVATE + "The Court has read the papers. It asks whether the "
        "agreement may be filed under seal and concludes it may not.",
        "none",
    ),
    # MV-04 who asked, in the words of real orders
    (
        "MV-04",
        CAPTION_GOV + "Presently before the Court is a request from respondents' counsel "
        "for leave to file the answer under seal. The request is GRANTED.",
        "government",
    ),
    (
        "MV-04 neg",
        CAPTION_PRIVATE + 'Defendant states that Plaintiff "has asked that these '
        'papers be filed under seal," but Defendant does not request that any paper be sealed.',
        "unknown",
    ),
    # MV-05 defendants by the caption; habeas respondents are the custodian
    (
        "MV-05",
        CAPTION_OFFICIAL + "Defendant's Motion to Seal (ECF No. 14) is GRANTED.",
        "government",
    ),
    (
        "MV-05 private",
        CAPTION_PRIVATE + "Defendant's Motion to Seal (ECF No. 14) is GRANTED.",
        "defendant_nongov",
    ),
    ("MV-05 neg", "ORDER\n\nDefendant's Motion to Seal (ECF No. 14) is GRANTED.", "unknown"),
    (
        "MV-05 criminal",
        "UNITED STATES OF AMERICA,\nPlaintiff,\nv.\nTOMAS ARRIETA,\nDefendant."
        "\n\nORDER\n\nDefendant's motion to seal his sentencing memorandum (ECF 51) is GRANTED.",
        "criminal_defendant",
    ),
    # MV-06 named movants: press and access groups are third parties
    (
        "MV-06",
        CAPTION_PRIVATE + "Before the Court is the Lakeshore Herald's motion to unseal "
        "the trial exhibits (Doc. 88). The motion is GRANTED.",
        "third_party",
    ),
    (
        "MV-06 neg",
        CAPTION_PRIVATE + "Brightwater Marine's motion to seal its pricing exhibits "
        "(Doc. 40) is GRANTED.",
        "defendant_nongov",
    ),
    # MV-07 counsel's signature block above a proposed order
    (
        "MV-07",
        "RAFAEL ORTIZ\nAssistant United States Attorney\nAttorneys for Federal "
        "Respondents\n\n[PROPOSED] ORDER\n\nGood cause appearing, the declaration shall be filed "
        "under seal.",
        "government",
    ),
    (
        "MV-07 neg",
        "RAFAEL ORTIZ\nAssistant United States Attorney\n\nORDER\n\nGood cause appearing, "
        "the motion to seal is GRANTED.",
        "unknown",
    ),
    # MV-08 the court on its own; a negated "sua sponte" is not
    (
        "MV-08",
        CAPTION_PRIVATE + "The Court, sua sponte, directs the Clerk to place the exhibit "
        "under seal.",
        "court_sua_sponte",
    ),
    (
        "MV-08 neg",
        CAPTION_PRIVATE + "The Court has not revisited the seal sua sponte. "
        "Plaintiff's motion to seal (Doc. 5) is DENIED.",
        "plaintiff_petitioner",
    ),
    # MV-09 a movant the order describes as a non-party or a news organisation
    (
        "MV-09",
        CAPTION_PRIVATE + "Before the Court is the motion to unseal the trial exhibits filed "
        "by the Coastal Ledger, a weekly newspaper that is not a party (Doc. 80). The motion "
        "is GRANTED.",
        "third_party",
    ),
    (
        "MV-09",
        CAPTION_PRIVATE + "The motion to unseal the settlement papers filed by Marisol "
        "Quintero, who is not a party to this action (Doc. 61), is DENIED.",
        "third_party",
    ),
    (
        "MV-09 neg",
        CAPTION_PRIVATE + "Halverson Tool Co., a manufacturer of marine pumps, moves to file "
        "its pricing exhibits under seal (Doc. 22). The motion is GRANTED.",
        "plaintiff_petitioner",
    ),
    # MV-04 a defined short name in straight quotes is no open quotation
    (
        "MV-04 defined name",
        CAPTION_PRIVATE + 'Defendant Brightwater Marine, Inc. ("Brightwater") moves for leave '
        "to file its cost schedules under seal (Doc. 31). For the reasons below, the motion is "
        "GRANTED.",
        "defendant_nongov",
    ),
    # MV-01 a party word in the sentence before the motion is not its owner
    (
        "MV-01 neg sentence",
        CAPTION_OFFICIAL + "The application is unopposed; Defendant does not oppose. The "
        "application to file the declaration under seal (Dkt. 9) is GRANTED.",
        "unknown",
    ),
    # MV-10 the subject after an introductory phrase
    (
        "MV-10",
        CAPTION_PRIVATE + "Two requests are pending. First, Plaintiff asks for more time "
        "[20]; that request is granted. Second, Plaintiff asks for leave to file its exhibits "
        "under seal [22]. That request is denied.",
        "plaintiff_petitioner",
    ),
    (
        "MV-10 neg",
        CAPTION_PRIVATE + "As the Court explained in March, any party asks for leave to file "
        "under seal by letter. The motion to seal (Doc. 9) is GRANTED.",
        "unknown",
    ),
    # MV-11 a minor suing by a parent or next friend is the plaintiff side
    (
        "MV-11",
        "K.L., a minor, by and through her father, moves to file the school records under "
        "seal (Doc. 14). The motion to seal is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-11 neg",
        "K.L. moves to file the school records under seal (Doc. 14). The motion to seal is "
        "GRANTED.",
        "unknown",
    ),
    # MV-12 counsel's letter: "we" are the party counsel represents
    (
        "MV-12",
        CAPTION_PRIVATE + "Dear Judge Alcott:\n\nWe represent Defendant Brightwater Marine, "
        "Inc. in this action. We write to request leave to file Exhibit 4 under seal.\n\n"
        "The application to seal is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-12 neg",
        CAPTION_PRIVATE + "Dear Judge Alcott:\n\nWe write to request leave to file Exhibit 4 "
        "under seal.\n\nThe application to seal is GRANTED.",
        "unknown",
    ),
    # MV-13 a name after a role word takes the role word's role
    (
        "MV-13",
        "UNITED STATES OF AMERICA\nv.                    Criminal No. 21-118\nTOMAS "
        "ARRIETA,\nDefendant.\n\nORDER\n\nBefore the Court is Defendant Tomas Arrieta's Motion "
        "for Leave to File Exhibits Under Seal, ECF No. 40. The motion is GRANTED.",
        "criminal_defendant",
    ),
    (
        "MV-13 neg",
        CAPTION_PRIVATE + "Before the Court is Captain Ruiz's Motion for Leave to File Exhibits "
        "Under Seal, ECF No. 40. The motion is GRANTED.",
        "unknown",
    ),
    # MV-14 a bare "Defendant's motion" is the motion the order opened with
    (
        "MV-14",
        CAPTION_PRIVATE + "Pending is an Amended Motion to Seal two exhibits filed with a "
        "withdrawn motion for summary judgment (ECF No. 45). For the reasons below, Defendant's "
        "motion is DENIED.",
        "defendant_nongov",
    ),
    (
        "MV-14 neg",
        CAPTION_PRIVATE + "Pending are Defendant's motion to compel discovery (ECF No. 45) and "
        "Plaintiff's motion to seal Exhibit 2 (ECF No. 46). Defendant's motion is DENIED. "
        "Exhibit 2 shall be filed under seal.",
        "plaintiff_petitioner",
    ),
    # MV-15 the order's heading above its body
    (
        "MV-15",
        "ROSA VEGA,\nPlaintiff,\nv.\nDIRECTOR, U.S. CITIZENSHIP AND IMMIGRATION SERVICES,\n"
        "Defendant.\n\nORDER (1) DENYING PLAINTIFF'S APPLICATION FOR A TEMPORARY RESTRAINING "
        "ORDER [9]; AND (2) GRANTING PLAINTIFF'S APPLICATION FOR LEAVE TO FILE DOCUMENTS UNDER "
        "SEAL [10]\n\nBefore the Court are two applications. The TRO application is DENIED. "
        "Defendant does not oppose. The application to file under seal is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-15 neg",
        "ROSA VEGA,\nPlaintiff,\nv.\nDIRECTOR, U.S. CITIZENSHIP AND IMMIGRATION SERVICES,\n"
        "Defendant.\n\nORDER ON APPLICATIONS\n\nBefore the Court are two applications. The "
        "TRO application is DENIED. Defendant does not oppose. The application to file under "
        "seal is GRANTED.",
        "unknown",
    ),
    # MV-16 the caption lists the movant as a movant or intervenor apart from the parties
    (
        "MV-16",
        "ANNA LEE, Plaintiff, v. CORBIN MUTUAL INSURANCE CO., Defendant-Appellee, THE "
        "RIVERTON CLARION, Movant-Appellant.\n\nSUMMARY ORDER\n\nThe order of the district "
        "court is AFFIRMED. The Riverton Clarion appeals from an order denying its motion to "
        "unseal the settlement agreement.",
        "third_party",
    ),
    (
        "MV-16 neg",
        "ANNA LEE, Plaintiff-Appellee, v. CORBIN MUTUAL INSURANCE CO., Defendant-Appellant."
        "\n\nSUMMARY ORDER\n\nThe order of the district court is AFFIRMED. Corbin Mutual "
        "appeals from an order denying its motion to seal the settlement agreement.",
        "defendant_nongov",
    ),
    # MV-17 a past request the other way does not beat the court acting on its own
    (
        "MV-17",
        "IN RE SEARCH OF A STORAGE UNIT\nCase No. 2:22-mj-00310\n\nORDER\n\nAt the "
        "government's request, the Court sealed this file in 2022 while the investigation was "
        "open. The Court has reviewed the file on its own initiative and finds the reason for "
        "sealing has passed.\n\nIT IS ORDERED that the Clerk shall UNSEAL this case and all "
        "documents filed in it.",
        "court_sua_sponte",
    ),
    (
        "MV-17 neg",
        "IN RE SEARCH OF A STORAGE UNIT\nCase No. 2:22-mj-00310\n\nORDER\n\nAt the "
        "government's request, the Court sealed this file in 2022. The government now asks "
        "the Court to unseal it.\n\nIT IS ORDERED that the Clerk shall UNSEAL this case and "
        "all documents filed in it.",
        "government",
    ),
    # MV-18 no request in the order asks for sealing: the court acted on its own
    (
        "MV-18",
        CAPTION_PRIVATE + "Before the Court is Defendant's Motion to Dismiss (Dkt. 19). For the "
        "reasons below, the motion is denied.\n\nIT IS FURTHER ORDERED that the Clerk shall "
        "file Exhibits 1 through 3 to Dkt. 23 UNDER SEAL because they show a minor's full name.",
        "court_sua_sponte",
    ),
    (
        "MV-18 neg",
        CAPTION_PRIVATE + "For the reasons below, the motion is GRANTED.\n\nIT IS FURTHER "
        "ORDERED that the Clerk shall file Exhibits 1 through 3 to Dkt. 23 UNDER SEAL.",
        "unknown",
    ),
    # MV-03 the pronoun's antecedent: a long sentence, or two sentences back, in one paragraph
    (
        "MV-03 long",
        CAPTION_OFFICIAL + "Plaintiff, a permanent resident whose naturalization application "
        "has sat undecided since 2019 despite four written inquiries and a congressional "
        "request, brings this action under the Administrative Procedure Act to compel U.S. "
        "Citizenship and Immigration Services to decide it. She moves to file under seal a "
        "declaration about her medical treatment. The motion is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-03 back",
        CAPTION_PRIVATE + "Defendant Brightwater Marine, Inc. builds hulls for fishing fleets. "
        "Its pricing formula has been kept from competitors for decades. It asks leave to file "
        "its price schedule under seal. The request is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-03 paragraph neg",
        CAPTION_PRIVATE + "Defendant Brightwater Marine, Inc. builds hulls for fishing fleets."
        "\n\nIt asks that the appendix be filed under seal. The motion to seal is GRANTED.",
        "unknown",
    ),
    # MV-19 one who moves to intervene to see sealed papers is a third party
    (
        "MV-19",
        CAPTION_PRIVATE + "The motion to intervene filed by Ada Lindqvist (Doc. 40), who seeks "
        "access to the sealed settlement agreement, is GRANTED. The agreement shall be "
        "unsealed.",
        "third_party",
    ),
    (
        "MV-19 pronoun",
        "UNITED STATES OF AMERICA\nv.\nTOMAS ARRIETA,\nDefendant.\n\nORDER\n\nHenrik "
        "Solberg awaits trial in a state court. He moved to intervene in this case, arguing "
        "that the public has a right of access to the sealed plea supplement. The motion is "
        "DENIED.",
        "third_party",
    ),
    (
        "MV-19 neg",
        CAPTION_PRIVATE + "The motion to intervene filed by Corrin Watershed Alliance (Doc. 31), "
        "which wishes to defend the permit, is GRANTED. Defendant's motion to seal its "
        "engineering drawings (Doc. 35) is also GRANTED.",
        "defendant_nongov",
    ),
    # MV-20 a qui tam relator and a bankruptcy debtor are the plaintiff side
    (
        "MV-20 relator",
        "UNITED STATES ex rel. PAULA VRANIC, Plaintiff, v. KESTREL BILLING GROUP, LLC, "
        "Defendant.\n\nORDER\n\nAfter the United States declined to intervene, the relator "
        "moved to lift the seal on the complaint and the docket. The motion is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-20 debtor",
        "In re: ORSOLYA T. BRANDT, Debtor.\nCase No. 24-10455\nChapter 7\n\nORDER\n\nThe "
        "Debtor's motion to redact Claim No. 3 and file it under seal, because it shows her full "
        "account numbers, is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-20 neg",
        "In re: ORSOLYA T. BRANDT, Debtor.\nCase No. 24-10455\nChapter 7\n\nORDER\n\n"
        "Creditor Pellwood Savings Bank moves to file its loan schedule under seal. The Debtor "
        "does not object. The motion is GRANTED.",
        "third_party",
    ),
    (
        "MV-20 judgment neg",
        CAPTION_PRIVATE + "Brightwater Marine, Inc., the judgment debtor, moves to seal its bank "
        "statements. The motion is GRANTED.",
        "defendant_nongov",
    ),
    # MV-21 the filer of a motion that a participle describes
    (
        "MV-21",
        CAPTION_PRIVATE + "Defendant Brightwater Marine, Inc. and its chief engineer have filed "
        "a joint letter asking leave to file the hull survey in redacted form (Doc. 51). "
        "Plaintiff does not oppose. The request is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-21 neg",
        CAPTION_PRIVATE + "Plaintiff has filed a letter asking the Court to deny the motion to "
        "seal that Defendant filed (Doc. 44). The motion is GRANTED.",
        "unknown",
    ),
    # MV-22 a request cut off by the end of the text asks what its paragraph is about
    (
        "MV-22",
        CAPTION_PRIVATE + "Before the case is closed, the Court must decide whether the exhibits "
        "filed with the summary judgment papers will remain under seal. Plaintiff takes no "
        "position. Defendant asks that the Court",
        "defendant_nongov",
    ),
    (
        "MV-22 neg",
        CAPTION_PRIVATE + "The Court must decide whether the exhibits will remain under seal. "
        "Plaintiff takes no position on that question and asks that the Court set a trial date.",
        "none",
    ),
    # MV-23 "the petition", "its request": a noun after an article names no one asking
    (
        "MV-23",
        "MARCO VELLI, Petitioner, Case No. 2:23-cv-10444 v. DANA PRUITT, Respondent. OPINION AND "
        "ORDER (1) DENYING THE PETITION FOR HABEAS RELIEF AND (2) GRANTING RESPONDENT'S MOTION TO "
        "SEAL THE STATE RECORD Petitioner Marco Velli, a state prisoner, challenges his conviction "
        "for burglary. Respondent, the warden of the prison, answered and moved to seal the "
        "transcripts of a minor witness. The Court denies the petition and grants the motion.",
        "government",
    ),
    (
        "MV-23 neg",
        CAPTION_PRIVATE + "Plaintiff brought this petition to seal the hull survey. Defendant "
        "objects. The request is GRANTED.",
        "plaintiff_petitioner",
    ),
    # MV-24 appellees are the side the caption calls "Defendants-Appellees"
    (
        "MV-24",
        "HALE ORCHARDS, LLC,\nPlaintiff-Appellant,\nv.\nNORTHFIELD PACKING CO., et al.,\n"
        "Defendants-Appellees.\n\nORDER\n\nAppellees' motion to file volume 3 of the "
        "supplemental excerpts of record under seal (Dkt. 19) is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-24 neg",
        "In re HALE ORCHARDS\n\nORDER\n\nAppellees' motion to file volume 3 of the "
        "supplemental excerpts of record under seal (Dkt. 19) is GRANTED.",
        "unknown",
    ),
    # MV-25 a flattened caption ends at the order's title; non-opposition is not a motion
    (
        "MV-25",
        "UNITED STATES OF AMERICA, Plaintiff, V. RUBEN ORTA, Defendant. ) ) ) Criminal No. "
        "3:22-cr-00412-ABC ORDER *** *** Defendant Ruben Orta, who is held pending trial, moves "
        "for leave to file under seal the letter from his physician (DE 30). The United States "
        "opposes any change in custody but does not oppose sealing. The motion to seal is GRANTED.",
        "criminal_defendant",
    ),
    (
        "MV-25 neg",
        "UNITED STATES OF AMERICA, Plaintiff, V. RUBEN ORTA, Defendant. ) ) ) Criminal No. "
        "3:22-cr-00412-ABC ORDER *** *** The United States moves to seal the plea supplement "
        "(DE 12). Defendant does not oppose sealing. The motion is GRANTED.",
        "government",
    ),
    # MV-26 "X, a group that is not a party, moved to intervene … for access" is a third party
    (
        "MV-26",
        CAPTION_PRIVATE + "The Harbor Anglers' Council, a fishing association that is not a party "
        "to this case, moved to intervene for the limited purpose of seeking access to the sealed "
        "survey reports. The motion is GRANTED and the reports are unsealed.",
        "third_party",
    ),
    (
        "MV-26 neg",
        CAPTION_PRIVATE + "Under the local rule, a party that moves to seal must file a "
        "supporting declaration. The Court has received none. The exhibits will be unsealed.",
        "unknown",
    ),
    # MV-27 "Upon the motion (the "Motion") of X (the "Plan Sponsor")" names the movant
    (
        "MV-27",
        "In re:\nCOASTLINE FERRIES, INC.,\nDebtor.\nChapter 11\nCase No. 24-10001\n\nORDER "
        'AUTHORIZING FILING UNDER SEAL\n\nUpon the motion (the "Motion") of Pelican Capital LLC '
        '(the "Plan Sponsor") for entry of an order authorizing the Plan Sponsor to file under '
        "seal its commitment letter; and the Court having found cause, IT IS HEREBY ORDERED THAT "
        "the Motion is GRANTED.",
        "third_party",
    ),
    (
        "MV-27 neg",
        "In re:\nCOASTLINE FERRIES, INC.,\nDebtor.\nChapter 11\nCase No. 24-10001\n\nORDER "
        'AUTHORIZING FILING UNDER SEAL\n\nUpon the motion (the "Motion") of the Debtor for entry '
        "of an order authorizing the Debtor to file under seal its fee letter; and the Court "
        "having found cause, IT IS HEREBY ORDERED THAT the Motion is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-27 neg other motion",
        "In re:\nCOASTLINE FERRIES, INC.,\nDebtor.\nChapter 11\nCase No. 24-10001\n\nORDER\n\n"
        "Upon the motion of Pelican Capital LLC for entry of an order approving the bid "
        "procedures; and the Court having found cause, IT IS HEREBY ORDERED THAT the Motion is "
        "GRANTED. The exhibit to the declaration shall remain under seal.",
        "none",
    ),
    # MV-28 the court reviews its sealed docket, orders a show cause and unseals on its own
    (
        "MV-28",
        CAPTION_PRIVATE.replace("ORDER", "ORDER TO UNSEAL") + "While preparing for trial, the "
        "Court reviewed the sealed entries on the docket. At Defendant's request, the Court sealed "
        "two declarations in 2021 during settlement talks. The Court ordered any party wishing "
        "them to stay sealed to show cause by March 1. None did. The Clerk is DIRECTED to UNSEAL "
        "ECF Nos. 20 and 21.",
        "court_sua_sponte",
    ),
    (
        "MV-28 neg",
        CAPTION_PRIVATE.replace("ORDER", "ORDER TO UNSEAL") + "Plaintiff moves to unseal two "
        "declarations that the Court sealed at Defendant's request. The Court ordered any party "
        "opposing the motion to show cause. None did. The motion is GRANTED and the Clerk shall "
        "UNSEAL ECF Nos. 20 and 21.",
        "plaintiff_petitioner",
    ),
    # MV-29 sealing under other names: restricting access, filing ex parte and in camera
    (
        "MV-29 restrict",
        CAPTION_PRIVATE + "Before the Court is Defendant's Motion to Restrict Documents 40 and 41 "
        "at Level 1 (ECF No. 42). Plaintiff takes no position. The motion is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-29 in camera",
        CAPTION_PRIVATE + "Before the Court is Defendant's Motion for Leave to File a "
        "Supplemental Declaration Ex Parte and In Camera (ECF No. 31). The motion is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-29 neg review",
        CAPTION_PRIVATE + "Before the Court is Defendant's Motion for In Camera Review of the "
        "withheld emails (ECF No. 31). The motion is GRANTED.",
        "none",
    ),
    # MV-30 a party that opposes (objects to, responds to) the motion is not its movant, even
    # when its sentence runs on past "Exhibit B." into the ruling
    (
        "MV-30",
        CAPTION_OFFICIAL + "Before the Court is Defendant's Ex Parte Motion to File Documents "
        "Under Seal (ECF No. 40). Plaintiff opposes the motion as to Exhibit B. For the reasons "
        "below, the motion is GRANTED IN PART and DENIED IN PART.",
        "government",
    ),
    (
        "MV-30 objects",
        CAPTION_PRIVATE + "Defendant moved to seal its pricing exhibits (ECF No. 12). Plaintiff "
        "objects to the motion to seal as overbroad. The motion is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-30 neg",
        CAPTION_PRIVATE + "Defendant opposed the motion to compel, and Plaintiff's motion to seal "
        "the deposition excerpts (ECF No. 20) is GRANTED.",
        "plaintiff_petitioner",
    ),
    (
        "MV-30 neg adjective",
        CAPTION_PRIVATE + "Pending is Defendant's Opposed Motion to Seal (ECF No. 9), which asks "
        "to file its supplier contracts under seal. Plaintiff opposes. The motion is GRANTED.",
        "defendant_nongov",
    ),
    (
        "MV-29 neg scope",
        CAPTION_PRIVATE + "Before the Court is Defendant's Motion to Restrict the Scope of "
        "Plaintiff's Expert Testimony (ECF No. 31). The motion is GRANTED. The exhibits remain "
        "sealed.",
        "none",
    ),
]


@pytest.mark.parametrize(("rule", "text", "want"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_movant_golden(rule: str, text: str, want: str) -> None:
    assert analyze_text(text).movant_role == want, rule


def test_golden_table_keeps_a_third_negatives() -> None:
    negatives = sum(" neg" in g[0] for g in GOLDEN)
    assert negatives * 3 >= len(GOLDEN)


@pytest.mark.parametrize(
    ("rule", "text", "field", "want"),
    [
        (
            "PT-02",
            "Ana Ruiz, U.S. Attorney's Office, for Defendants.\n",
            "defendants",
            "government",
        ),
        (
            "PT-02 neg",
            "Ana Ruiz, Ruiz & Dole LLP, for Defendants.\n",
            "defendants",
            "defendant_nongov",
        ),
        ("PT-03 opaque", "A.B.,\nPlaintiff,\nv.\nC.D., et al.,\nDefendants.\n", "defendants", ""),
        ("PT-06", "The Government opposes the motion.\n", "defendants", "government"),
        # PT-03 the caption's defendant side ends at its first role word
        (
            "PT-03 lazy",
            "ROE FARMS, LLC, Plaintiff, v. ACME FREIGHT, INC., Defendant.\n\nORDER\n\nANNA V. "
            "BLAKE, United States Magistrate Judge\n\nDefendant Acme moves to seal.\n",
            "defendants",
            "defendant_nongov",
        ),
        # PT-08 a criminal caption over several lines
        (
            "PT-08",
            "UNITED STATES OF AMERICA\nv.\nTOMAS ARRIETA,\nDefendant.\n",
            "criminal",
            True,
        ),
        (
            "PT-08 neg",
            "UNITED STATES STEEL CORP.\nv.\nTOM ARRIETA,\nDefendant.\n",
            "criminal",
            False,
        ),
        # PT-09 counsel for appellants speak for the defence when the defence appeals
        (
            "PT-09",
            "JOHN ROE, Movant-Appellee, v. ANN LEE, Respondent-Appellant.\nFOR APPELLANT: Ann "
            "Lee, Esq., pro se.\n",
            "defendants",
            "defendant_nongov",
        ),
        (
            "PT-09 neg",
            "JOHN ROE, Plaintiff-Appellant, v. ANN LEE, Respondent.\nFOR APPELLANT: John Roe, "
            "pro se.\n",
            "defendants",
            "",
        ),
        ("PT-06 neg", "The Government of Ruritania is not a party.\n", "defendants", ""),
        # PT-10 a docket line above the order does not hide the caption below it
        (
            "PT-10",
            "(PC) Vasko v. Thorne et al\n\nFiling 44\n\nORDER signed by Magistrate Judge Ann "
            "Lee on 2/5/2024 GRANTING 40 Defendants' Request to Seal. (abc)\n\nDownload PDF\n"
            "1 2 3 UNITED STATES DISTRICT COURT 4 IVAN VASKO, 5 Plaintiff, 6 No. 1:22-cv-01234 "
            "v. ORDER 7 HELGA THORNE, Warden, et al., 8 Defendants. 9 Plaintiff is a prisoner.\n",
            "defendants",
            "government",
        ),
        (
            "PT-10 neg",
            "ROE FARMS, LLC, Plaintiff, v. ACME FREIGHT, INC., Defendant.\n\nORDER\n\nCompelling "
            "reasons apply. Ostrander v. City of Pell Harbor, 512 F.3d 100, 104 (9th Cir. 2008). "
            "Defendant has shown them.\n",
            "defendants",
            "defendant_nongov",
        ),
        # PT-11 the body says who the defendants are
        (
            "PT-11",
            "Tariq Osei, Plaintiff, v. Lena Marsh, et al., Defendants.\n\nORDER\n\nPlaintiff, a "
            "prisoner, brought this civil rights action under 42 U.S.C. § 1983 against the "
            "Superintendent of Pinecrest Correctional Facility and two officers.\n",
            "defendants",
            "government",
        ),
        (
            "PT-11 are",
            "Tariq Osei, Plaintiff, v. Lena Marsh, et al., Defendants.\n\nORDER\n\nDefendants "
            "are the warden of Ridgeback State Prison and three officers, sued in their official "
            "and individual capacities.\n",
            "defendants",
            "government",
        ),
        (
            "PT-11 neg",
            "Tariq Osei, Plaintiff, v. Lena Marsh, et al., Defendants.\n\nORDER\n\nPlaintiff "
            "brought this action against Halcyon Logistics, Inc., her former employer.\n",
            "defendants",
            "defendant_nongov",
        ),
        (
            "PT-11 balance neg",
            "The Court balances the public's interest in access against the harm to the State "
            "of Ohio's informants. Defendant moves to seal.\n",
            "defendants",
            "",
        ),
        # PT-12 the court's own name run into a flattened caption is no party
        (
            "PT-12",
            "ACME CORP., Plaintiff, v. ROE TOOLS, INC., United States District Court Northern "
            "District of California Defendant.\n",
            "defendants",
            "defendant_nongov",
        ),
        (
            "PT-12 neg",
            "ACME CORP., Plaintiff, v. UNITED STATES OF AMERICA, Defendant.\n",
            "defendants",
            "government",
        ),
        # PT-13 the caption names the appellees' role
        (
            "PT-13",
            "HALE ORCHARDS, Plaintiff-Appellant, v. NORTHFIELD PACKING CO., "
            "Defendants-Appellees.\n",
            "appellee",
            "defendant",
        ),
        (
            "PT-13 neg",
            "HALE ORCHARDS, Plaintiff, v. NORTHFIELD PACKING CO., Defendant-Appellant.\n",
            "appellee",
            "",
        ),
    ],
)
def test_parties(rule: str, text: str, field: str, want: str) -> None:
    assert getattr(read_parties(text), field) == want, rule


def test_a_decretal_phrase_is_no_movant_and_silence_is_said_in_a_flag():
    """MV-18 reads an order that names no request for sealing as the court's own, and says so
    in a flag; "IT IS ORDERED" is never published as who asked."""
    a = analyze_text(
        CAPTION_PRIVATE + "IT IS ORDERED that Exhibits 1 through 3 to the Complaint are placed "
        "under seal.\n\nIT IS SO ORDERED.\n\nDated: May 2, 2026\n"
    )
    assert a.movant_text != "IT IS ORDERED"
    assert a.movant_role == "court_sua_sponte"
    assert any(f.startswith("movant_inferred:") for f in a.flags)


def test_a_cut_text_that_names_no_request_keeps_the_movant_unknown():
    """Negative of MV-18: when the text is cut, the request may be in the missing part."""
    a = analyze_text(
        CAPTION_PRIVATE + "Defendant's Motion to Dismiss (Doc. 10) is DENIED. IT IS FURTHER "
        "ORDERED that the Clerk file Exhibits 1 through 3 under seal and that the parties"
    )
    assert a.movant_role == "unknown"
    assert any(f.startswith("movant_not_shown:") for f in a.flags)
    assert not any(f.startswith("movant_inferred:") for f in a.flags)
