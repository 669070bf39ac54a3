"""The `newsscope` command line: ingest and export as other tools call them."""

import csv
import subprocess
import sys

from components.cli import main
from components.store import Store
from tests.conftest import SEEDS


def read_csv(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_ingest_and_export_the_seeds(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["ingest", str(SEEDS), "--store", str(store), "--workers", "1"]) == 0
    assert "1 added" in capsys.readouterr().err
    assert main(["ingest", str(SEEDS), "--store", str(store), "--workers", "1"]) == 0
    assert "1 unchanged" in capsys.readouterr().err
    assert main(["ingest", str(SEEDS), "--store", str(store), "--workers", "1", "--again"]) == 0
    assert "1 replaced" in capsys.readouterr().err
    assert main(["export", "--store", str(store), "--out", str(tmp_path / "out")]) == 0
    articles = read_csv(tmp_path / "out" / "articles.csv")
    assert list(articles[0])[:7] == ["article_id", "title", "source", "published", "url", "dateline", "n_words"]
    assert (articles[0]["source"], articles[0]["dateline"]) == ("AFP", "Moscow")
    expected = {
        "entities.csv": ["article_id", "entity", "label", "text", "start_char", "end_char", "gender",
                         "gender_evidence"],
        "quotes.csv": ["article_id", "quote", "speaker", "speaker_text", "cue", "start_char", "end_char",
                       "speaker_gender", "speaker_role", "speaker_role_class", "kind"],
        "countries.csv": ["article_id", "iso3", "country", "text", "kind", "start_char", "end_char"],
    }
    for name, columns in expected.items():
        with (tmp_path / "out" / name).open(encoding="utf-8") as f:
            assert f.readline().strip().split(",") == columns


def test_bad_files_give_messages_and_a_nonzero_exit(tmp_path, capsys):
    (tmp_path / "good.jsonl").write_text('{"id": "g", "text": "Paris is calm today, officials said."}\n')
    (tmp_path / "bad.csv").write_text("id,body\n1,no text column\n")
    store = tmp_path / "store"
    code = main(["ingest", str(tmp_path / "good.jsonl"), str(tmp_path / "bad.csv"), "--store", str(store),
                 "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad.csv: CSV has no 'text' column" in err and "1 added" in err and "1 skipped" in err
    assert "Traceback" not in err
    assert [a for (a,) in Store(store).connect().execute("SELECT article_id FROM articles").fetchall()] == ["g"]


def test_export_of_an_empty_store_says_what_to_do(tmp_path, capsys):
    assert main(["export", "--store", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 1
    assert "newsscope ingest" in capsys.readouterr().err


def test_unknown_model_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text("T\nSome text.")
    result = subprocess.run([sys.executable, "-m", "components.cli", "ingest", str(tmp_path / "a.txt"),
                             "--store", str(tmp_path / "s"), "--model", "no_such_pipeline", "--workers", "1"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "'no_such_pipeline' is not installed" in result.stderr and "Traceback" not in result.stderr


def test_the_command_ends_at_once_with_everything_written(tmp_path):
    # `python -m components.cli` ends without Python's teardown: the exit code, the report on stderr, the committed
    # batch and the exported files must all be there all the same.
    (tmp_path / "a.txt").write_text("Talks in Oslo\nThe minister Kari Berg said the talks in Oslo went well.")
    command = [sys.executable, "-m", "components.cli"]
    ingest = subprocess.run([*command, "ingest", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"),
                             "--workers", "1"], capture_output=True, text=True)
    assert ingest.returncode == 0 and "1 added" in ingest.stderr
    export = subprocess.run([*command, "export", "--store", str(tmp_path / "s"), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert export.returncode == 0 and "1 articles" in export.stderr
    assert [row["title"] for row in read_csv(tmp_path / "out" / "articles.csv")] == ["Talks in Oslo"]
    assert any(row["entity"] == "Oslo" for row in read_csv(tmp_path / "out" / "entities.csv"))


def test_store_defaults_to_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCOPE_STORE", str(tmp_path / "envstore"))
    (tmp_path / "a.txt").write_text("T\nBerlin is busy.")
    assert main(["ingest", str(tmp_path / "a.txt"), "--workers", "1"]) == 0
    assert not Store(tmp_path / "envstore").is_empty()
