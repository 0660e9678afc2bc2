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
    result = switchboard_cli("import", "customers", str(csv), "--database", database)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Imported 2 customers; refused 3 rows:" in result.stdout
    assert "line 3 (lastName)" in result.stdout
    assert "line 4 (phones[0])" in result.stdout
    assert "line 5 (consentMarketing)" in result.stdout

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
        # A demo customer behind a well-known number, with the records a screen pop shows.
        demo = http("GET", server.url("/api/v1/customers?phone=%2B31205550001"), token=agent).json()
        card = http("GET", server.url(f"/api/v1/customers/{demo[0]['id']}"), token=agent).json()
        assert set(card) >= {"customer", "billing", "shipping", "warranties", "interactions"}
        assert card["billing"]["invoices"]
