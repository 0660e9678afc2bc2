"""Customers: `switchboard import customers FILE.csv` and the demo's customers behind a caller's number."""

from __future__ import annotations

from pathlib import Path

from conftest import clean_environment, http, running_server, sign_in_api, sqlite_url

GOOD = "Marieke,de Jong,020 555 1234;06 1111 2222,marieke@example.nl,Utrecht,nl,premium,yes"


def test_an_import_stores_the_good_rows_and_names_each_bad_one_and_the_demo_pops_customers(binary: Path, tmp_path: Path, switchboard_cli):
    data = tmp_path / "data"
    env = clean_environment()
    # The demo seeds its organisation and 2,000 customers; stop it and import into its database.
    with running_server(binary, "demo", "--data-dir", str(data), log_dir=tmp_path / "logs", env=env):
        pass
    database = sqlite_url(data / "switchboard.sqlite")
    csv = tmp_path / "customers.csv"
    csv.write_text(
        "firstName,lastName,phone,email,city,language,segment,consentMarketing\n"
        f"{GOOD}\n"
        "Piet,,020 555 9999,,,nl,,no\n"  # no last name
        "Karin,Smit,not a number,,,nl,,no\n"
        "Tom,Baker,+44 20 7946 0000,tom@example.co.uk,London,en,business,maybe\n"
        '"Kees ""de Kapper""",Visser,0205559876,,"Den Haag, centrum",nl,retail,no\n'
    )
    # A quoted field may span lines (RFC 4180); the next row's line number counts them.
    with csv.open("a") as extra:
        extra.write('"Anna",Mulder,0205554321,anna@example.nl,"Utrecht\nachterhuis",nl,retail,yes\n' "Jan,,0205550123,,,nl,,no\n")
    result = switchboard_cli("import", "customers", str(csv), "--database", database)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Imported 3 customers; refused 4 rows:" in result.stdout
    assert "line 3 (lastName)" in result.stdout
    assert "line 4 (phones[0])" in result.stdout
    assert "line 5 (consentMarketing)" in result.stdout
    assert "line 9 (lastName)" in result.stdout

    # The same file again adds nobody twice: known customers are skipped and listed.
    again = switchboard_cli("import", "customers", str(csv), "--database", database)
    assert again.returncode == 3, again.stdout + again.stderr
    assert "Imported 0 customers; refused 4 rows:" in again.stdout
    assert "Skipped 3 rows for customers already on record:" in again.stdout
    assert "line 7 (email): Already a customer" in again.stdout

    # A known customer who now gives another e-mail is still known, by last name and number.
    moved = tmp_path / "moved.csv"
    moved.write_text("firstName,lastName,phone,email\nMarieke,de Jong,020 555 1234,marieke.nieuw@example.nl\n")
    known = switchboard_cli("import", "customers", str(moved), "--database", database)
    assert known.returncode == 0 and "Imported 0 customers." in known.stdout and "line 2 (phone): Already a customer" in known.stdout, known.stdout

    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('firstName,lastName,city\nAnna,Bos,"Utrecht\nBram,Bos,Zeist\n')
    refused = switchboard_cli("import", "customers", str(unclosed), "--database", database)
    assert refused.returncode == 1 and "line 2 is never closed" in refused.stderr, refused.stderr

    empty = tmp_path / "empty.csv"
    empty.write_text("")
    nothing = switchboard_cli("import", "customers", str(empty), "--database", database)
    assert nothing.returncode == 1 and "(field: file)" in nothing.stderr

    with running_server(binary, "demo", "--data-dir", str(data), log_dir=tmp_path / "logs2", env=env) as server:
        agent = sign_in_api(server, "agent01", "demo")
        found = http("GET", server.url("/api/v1/customers?phone=%2B31205551234"), token=agent).json()
        assert [c["lastName"] for c in found] == ["de Jong"]
        assert found[0]["phones"] == ["+31205551234", "+31611112222"]
        kees = http("GET", server.url("/api/v1/customers?q=kapper"), token=agent).json()
        assert kees[0]["firstName"] == 'Kees "de Kapper"' and kees[0]["city"] == "Den Haag, centrum"
        anna = http("GET", server.url("/api/v1/customers?q=anna%40example.nl"), token=agent).json()
        assert len(anna) == 1 and anna[0]["city"] == "Utrecht\nachterhuis"
        # A demo customer behind a well-known number, with the records a screen pop shows.
        demo = http("GET", server.url("/api/v1/customers?phone=%2B31205550001"), token=agent).json()
        card = http("GET", server.url(f"/api/v1/customers/{demo[0]['id']}"), token=agent).json()
        assert set(card) >= {"customer", "billing", "shipping", "warranties", "interactions"}
        assert card["billing"]["invoices"]
