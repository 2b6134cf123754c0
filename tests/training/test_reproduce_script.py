"""training/reproduce-strategy-tiny.sh runs the shipped model's stages in order, skips those
a run folder has already reached, and averages the last two stages' model folders (checked
with a stand-in for strategy-lsp-train)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "reproduce-strategy-tiny.sh"

#: Logs its arguments; "writes" a dataset, the checkpoint a training run would end at and its
#: model folder (which records that step), or an average (which records its sources' steps).
FAKE = r"""#!/usr/bin/env bash
echo "$*" >> "$FAKE_LOG"
if [ "$1" = dataset ]; then mkdir -p "$3"; echo '{}' > "$3/dataset.json"; exit 0; fi
if [ "$1" = average ]; then
  out=$3; shift 3; mkdir -p "$out"
  for source in "$@"; do cat "$source/step"; done > "$out/step"; exit 0
fi
steps=4000; stop=""; run=""; out=""
while [ $# -gt 0 ]; do
  case "$1" in --steps) steps=$2;; --stop-at) stop=$2;; --run-dir) run=$2;; --out) out=$2;;
  esac; shift
done
end=${stop:-$steps}
mkdir -p "$run/checkpoints"; touch "$run/checkpoints/step-$(printf %07d "$end").pt"
mkdir -p "$out"; echo "$end" > "$out/step"
"""

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _run(tmp_path: Path) -> list[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "strategy-lsp-train"
    fake.write_text(FAKE)
    fake.chmod(0o755)
    log = tmp_path / "log"
    log.unlink(missing_ok=True)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "FAKE_LOG": str(log)}
    done = subprocess.run(["bash", str(SCRIPT), str(tmp_path / "w")], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "evaluate --model-large" in done.stdout
    return log.read_text().splitlines() if log.exists() else []


def test_the_stages_run_in_order_with_their_data_and_schedules(tmp_path: Path) -> None:
    calls = _run(tmp_path)
    w = tmp_path / "w"
    mix17 = ("plain:2,chat:1,form:1,report:1,terse:1,pseudo:1,novice:1,email:1,config:1,"
             "spec:1,dialog:1,tweet:2,journal:2,paper:2,markdown:2,voice:2,broker:2")

    def finetune(out: str) -> str:
        return (f"finetune --scratch --config strategy-tiny --out {w}/{out} "
                f"--run-dir {w}/run --resume")

    common = finetune("stage")
    expected = [
        f"dataset --out {w}/data-plain --size 100000 --seed 1",
        f"{common} --data {w}/data-plain",
        f"{common} --data {w}/data-plain --steps 8000 --word-dropout 0.1",
        f"dataset --out {w}/data-mix4 --size 100000 --seed 11 "
        "--style plain:2,chat:1,form:1,report:1",
        f"{common} --data {w}/data-mix4 --grow-words --steps 12000 --stop-at 8391 "
        "--word-dropout 0.1",
        f"dataset --out {w}/data-mix7 --size 120000 --seed 12 "
        "--style plain:2,chat:1,form:1,report:1,terse:1,pseudo:1,novice:1",
        f"{common} --data {w}/data-mix7 --grow-words --steps 13500 --stop-at 10000 "
        "--word-dropout 0.1",
        f"dataset --out {w}/data-mix11 --size 150000 --seed 13 --style plain:2,chat:1,form:1,"
        "report:1,terse:1,pseudo:1,novice:1,email:1,config:1,spec:1,dialog:1",
        f"{common} --data {w}/data-mix11 --grow-words --steps 14500 --stop-at 13500 "
        "--word-dropout 0.1",
        f"dataset --out {w}/data-mix17 --size 150000 --seed 14 --style {mix17}",
        f"{common} --data {w}/data-mix17 --grow-words --steps 18000 --stop-at 17000 "
        "--word-dropout 0.1",
        f"{common} --data {w}/data-mix17 --steps 18000 --word-dropout 0.1 --average 5",
        f"dataset --out {w}/data-mix17b --size 150000 --seed 15 --style {mix17}",
        f"{common} --data {w}/data-mix17b --steps 22000 --stop-at 20000 --word-dropout 0.1 "
        "--average 5",
        f"dataset --out {w}/data-mix20 --size 150000 --seed 17 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{common} --data {w}/data-mix20 --grow-words --steps 24000 --stop-at 21500 "
        "--word-dropout 0.1 --average 5",
        f"dataset --out {w}/data-mix20b --size 150000 --seed 18 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{common} --data {w}/data-mix20b --steps 24000 --stop-at 23500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"dataset --out {w}/data-mix20c --size 150000 --seed 19 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{common} --data {w}/data-mix20c --steps 26000 --stop-at 25500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"dataset --out {w}/data-mix20d --size 150000 --seed 20 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{common} --data {w}/data-mix20d --steps 28000 --stop-at 27500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"dataset --out {w}/data-mix20e --size 150000 --seed 22 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{finetune('stage-12')} --data {w}/data-mix20e --steps 30000 --stop-at 29500 "
        "--word-dropout 0.1 --average 5 --word-hints",
        f"dataset --out {w}/data-mix20f --size 150000 --seed 23 "
        f"--style {mix17},question:2,esl:2,comment:2",
        f"{finetune('stage-13')} --data {w}/data-mix20f --steps 32000 --stop-at 31500 "
        "--word-dropout 0.1 --average 5 --word-hints",
        f"average --out {w}/strategy-tiny --beams 1 --coverage 2 --retry-beams 4 "
        f"--named-coverage --crossing-coverage --join-coverage {w}/stage-12 {w}/stage-13",
    ]
    # every dataset is what generator version 1 wrote, as the shipped stages trained on
    assert calls == [c + " --generator 1" if c.startswith("dataset ") else c for c in expected]
    # the shipped folder is the mean of the two stages' folders, each written at its own end
    assert (w / "strategy-tiny" / "step").read_text().split() == ["29500", "31500"]


def test_a_second_run_only_averages_and_an_interrupted_one_goes_on_where_it_stopped(
        tmp_path: Path) -> None:
    _run(tmp_path)
    w = tmp_path / "w"
    assert _run(tmp_path) == [f"average --out {w}/strategy-tiny --beams 1 --coverage 2 "
                              f"--retry-beams 4 --named-coverage --crossing-coverage "
                              f"--join-coverage {w}/stage-12 {w}/stage-13"]
    checkpoints = tmp_path / "w" / "run" / "checkpoints"
    for saved in checkpoints.iterdir():
        saved.unlink()
    (checkpoints / "step-0006000.pt").touch()  # stopped in the second run of stage 1
    calls = _run(tmp_path)
    assert calls[-1].startswith("average ")
    assert [c.split("--data ")[1] for c in calls[:-1]] == [
        f"{tmp_path}/w/data-plain --steps 8000 --word-dropout 0.1",
        f"{tmp_path}/w/data-mix4 --grow-words --steps 12000 --stop-at 8391 --word-dropout 0.1",
        f"{tmp_path}/w/data-mix7 --grow-words --steps 13500 --stop-at 10000 --word-dropout 0.1",
        f"{tmp_path}/w/data-mix11 --grow-words --steps 14500 --stop-at 13500 "
        "--word-dropout 0.1",
        f"{tmp_path}/w/data-mix17 --grow-words --steps 18000 --stop-at 17000 "
        "--word-dropout 0.1",
        f"{tmp_path}/w/data-mix17 --steps 18000 --word-dropout 0.1 --average 5",
        f"{tmp_path}/w/data-mix17b --steps 22000 --stop-at 20000 --word-dropout 0.1 --average 5",
        f"{tmp_path}/w/data-mix20 --grow-words --steps 24000 --stop-at 21500 "
        "--word-dropout 0.1 --average 5",
        f"{tmp_path}/w/data-mix20b --steps 24000 --stop-at 23500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"{tmp_path}/w/data-mix20c --steps 26000 --stop-at 25500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"{tmp_path}/w/data-mix20d --steps 28000 --stop-at 27500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"{tmp_path}/w/data-mix20e --steps 30000 --stop-at 29500 --word-dropout 0.1 "
        "--average 5 --word-hints",
        f"{tmp_path}/w/data-mix20f --steps 32000 --stop-at 31500 --word-dropout 0.1 "
        "--average 5 --word-hints"]
