"""``strategy-lsp generate``, one description and --batch, against a fake Ollama."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from strategy_lsp.grammar import model_to_data, parse_expression, validate_strategy

from .fake_ollama import FakeOllama

CODE = ("Strategy(ticker='AAPL', position_type=PositionTypeEnum.LONG, "
        "buy_condition=LessThanCondition(first_series=RSI('AAPL'), second_series=CONST(30)), "
        "sell_condition=GreaterThanCondition(first_series=RSI('AAPL'), second_series=CONST(70)))")


def _reply() -> str:
    expr, problems = parse_expression(CODE)
    assert expr is not None
    model = validate_strategy(expr, problems).model
    assert model is not None
    return json.dumps(model_to_data(model))


def generate(*args: str, env_cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "strategy_lsp.server.cli", "generate", "--backend", "ollama",
         "--no-fallback", "--no-rag", *args],
        capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "STRATEGY_LSP_CACHE_DIR": str(env_cache)})


def test_generate_prints_validated_code_with_its_imports(tmp_path: Path) -> None:
    server = FakeOllama({"llama3.2:3b": _reply()}).start()
    try:
        result = generate("Buy AAPL when RSI is below 30, sell above 70.", "--host",
                          server.url, env_cache=tmp_path)
    finally:
        server.stop()
    assert result.returncode == 0, result.stderr
    assert "from trading_strategy_tester import PositionTypeEnum, Strategy" in result.stdout
    code = result.stdout.split("strategy = ", 1)[1]
    expr, problems = parse_expression(code)
    assert expr is not None and validate_strategy(expr, problems).ok


def test_batch_writes_a_line_per_prompt_with_errors_for_bad_lines(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps({"prompt": "Buy AAPL when RSI is below 30, sell above 70."})
                      + "\nnot json\n" + json.dumps({"prompt": "lovely weather"}) + "\n")
    server = FakeOllama({"llama3.2:3b": _reply()}).start()
    try:
        result = generate("--batch", str(source), "--out", str(target), "--host", server.url,
                          env_cache=tmp_path)
    finally:
        server.stop()
    assert result.returncode == 1  # two of the three lines failed
    records = [json.loads(line) for line in target.read_text().splitlines()]
    assert [r["error"] is None for r in records] == [True, False, False]
    assert records[0]["completion"].startswith("Strategy(\n    ticker='AAPL',")
    assert records[0]["unsure"] == []  # a server backend reports no probabilities
    assert "line 2: no 'prompt' string" in records[1]["error"]
    assert "does not read like a trading strategy" in records[2]["error"]
    assert "1/3 generated" in result.stderr
