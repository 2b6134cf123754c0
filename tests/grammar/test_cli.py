"""``strategy-lsp check`` and ``strategy-lsp format`` from the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

THREE_MISTAKES = """from trading_strategy_tester import *

strategy = Strategy(
    ticker='AAPL',
    position_type=PositionTypeEnum.LONG,
    buy_condition=CrossOverCondition(first_series=RSI('AAPL', lenght=14), second_series=CONST('30')),
    sell_condition=CrossUnderCondition(first_series=RSI('AAPL', source=SourceType.CLOSED), second_series=CONST(70)),
)
"""  # noqa: E501


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "strategy_lsp.server.cli", *args],
                          capture_output=True, text=True, check=False)


def test_check_reports_three_mistakes_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "strategy.py"
    path.write_text(THREE_MISTAKES)
    result = run("check", str(path))
    assert result.returncode == 1
    lines = result.stdout.strip().split("\n")
    assert lines == [
        f"{path}:6:63: error: RSI has no parameter 'lenght'. Did you mean 'length'?",
        f"{path}:6:95: error: const_number of CONST must be a number, not the string '30'.",
        f"{path}:7:72: error: SourceType has no member 'CLOSED'.",
    ]
    source_lines = THREE_MISTAKES.split("\n")
    assert source_lines[5][62:].startswith("lenght")
    assert source_lines[5][94:].startswith("'30'")
    assert source_lines[6][71:].startswith("SourceType.CLOSED")


def test_check_of_a_clean_file_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "ok.py"
    path.write_text("print('no strategies here')\n")
    result = run("check", str(path))
    assert (result.returncode, result.stdout) == (0, "")


def test_unreadable_file_gets_a_message_and_exit_two(tmp_path: Path) -> None:
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = run("check", str(tmp_path / "missing.py"), str(binary))
    assert result.returncode == 2
    assert "missing.py: cannot read" in result.stderr
    assert "binary.py: cannot read: not UTF-8" in result.stderr
    result = run("format", str(binary))
    assert result.returncode == 2
    assert binary.read_bytes() == b"\xff\xfe\x00garbage"


def test_format_check_reports_and_format_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "s.py"
    original = ("s = Strategy(ticker='A', position_type=PositionTypeEnum.SHORT, "
                "buy_condition=LessThanCondition(first_series=CLOSE('A'), second_series=CONST(1)),"
                " sell_condition=GreaterThanCondition(first_series=CLOSE('A'), "
                "second_series=CONST(2)))\n")
    path.write_text(original)
    result = run("format", "--check", str(path))
    assert result.returncode == 1
    assert "would reformat 1" in result.stdout
    assert path.read_text() == original
    result = run("format", str(path))
    assert result.returncode == 0
    assert path.read_text().startswith("s = Strategy(\n    ticker='A',\n")
    assert run("format", "--check", str(path)).returncode == 0


def test_format_leaves_files_with_errors_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text(THREE_MISTAKES)
    result = run("format", str(path))
    assert result.returncode == 0
    assert "left as is: it has errors" in result.stderr
    assert path.read_text() == THREE_MISTAKES
