"""``strategy-lsp-train export``: a fine-tuned adapter as a model Ollama can serve.

    strategy-lsp-train export --adapter runs/3b-whole/whole \\
        --model meta-llama/Llama-3.2-3B-Instruct --out exports/3b-whole --name strategy-3b

1. ``mlx_lm fuse --dequantize`` merges the adapter into the base model (``OUT/fused``);
2. :func:`~strategy_lsp.training.gguf.write_gguf` writes ``OUT/NAME-f16.gguf`` (fp16,
   llama architecture, byte-level BPE tokenizer, as Ollama's llama model needs);
3. ``OUT/Modelfile`` says ``FROM`` that file, a ``TEMPLATE`` that is the chat format mlx-lm
   trained on (the base model's chat template around one user message), its stop tokens
   and ``temperature 0``;
4. ``ollama create NAME -f OUT/Modelfile`` runs when ``ollama`` is on the PATH; otherwise
   the command is printed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .gguf import GGUFError, write_gguf

#: Stands for the prompt while the chat template is rendered, to cut it into prefix/suffix.
_PROMPT_MARK = "\x00PROMPT\x00"
#: End-of-turn names that chat models stop on, beside their tokenizer's EOS.
_KNOWN_STOPS = ("<|eot_id|>", "<|end_of_text|>", "<|im_end|>", "<|endoftext|>", "</s>")


class ExportError(RuntimeError):
    """A step of the export failed; the message says which and why."""


@dataclass(frozen=True)
class PromptFormat:
    """The text around a prompt in the format the model was fine-tuned on."""

    prefix: str
    suffix: str
    stops: tuple[str, ...]
    add_bos: bool
    chat_template: str | None = None  # the Jinja source, kept in the GGUF for llama.cpp


@dataclass(frozen=True)
class ExportResult:
    fused: Path
    gguf: Path
    modelfile: Path
    name: str
    ollama_command: tuple[str, ...]
    created: bool  # whether ``ollama create`` ran


def ollama_name(text: str) -> str:
    """A valid Ollama model name from any text (lower case, letters, digits, ``-_.``)."""
    name = re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-.")
    return name or "strategy-lsp"


def fuse(adapter: Path, model: str, out: Path, *, python: str = sys.executable,
         log: Callable[[str], None] = print) -> Path:
    """Merge the adapter into the base model with ``mlx_lm fuse``; returns the folder."""
    command = [python, "-m", "mlx_lm", "fuse", "--model", model, "--adapter-path", str(adapter),
               "--save-path", str(out), "--dequantize"]
    log(f"fusing {adapter} into {model}")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise ExportError(f"mlx_lm fuse failed (exit {done.returncode}):\n{tail}")
    return out


def prompt_format(model_folder: Path) -> PromptFormat:
    """Cut the model's chat template, rendered around one user message, at the prompt.

    mlx-lm trains on ``{"prompt", "completion"}`` pairs through this same template (a user
    turn and an assistant turn), so the Modelfile's TEMPLATE must reproduce it exactly.
    """
    transformers = importlib.import_module("transformers")
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(model_folder))
    if not getattr(tokenizer, "chat_template", None):
        raise ExportError(f"{model_folder} has no chat template, and mlx-lm fine-tunes "
                          "prompt/completion data through one; fine-tune an instruct model")
    text = tokenizer.apply_chat_template([{"role": "user", "content": _PROMPT_MARK}],
                                         add_generation_prompt=True, tokenize=False)
    if text.count(_PROMPT_MARK) != 1:
        raise ExportError("the chat template does not place the user message once")
    prefix, suffix = text.split(_PROMPT_MARK)
    bos = tokenizer.bos_token or ""
    add_bos = bool(bos) and prefix.startswith(bos)
    if add_bos:
        prefix = prefix[len(bos):]  # the GGUF's add_bos_token puts it back as a token
    stops = [tokenizer.eos_token] if tokenizer.eos_token else []
    vocabulary = tokenizer.get_vocab()
    stops += [s for s in _KNOWN_STOPS if s in vocabulary and s not in stops]
    source = tokenizer.chat_template
    return PromptFormat(prefix, suffix, tuple(stops), add_bos,
                        source if isinstance(source, str) else None)


def modelfile_text(gguf: Path, prompt: PromptFormat, *, source: str) -> str:
    """An Ollama Modelfile: the weights, the fine-tuning prompt format, greedy decoding."""
    template = prompt.prefix + "{{ .Prompt }}" + prompt.suffix
    if '"""' in template or "{{" in prompt.prefix + prompt.suffix:
        raise ExportError("the chat template's text cannot be written as an Ollama TEMPLATE")
    lines = [f"# {source}", f"FROM ./{gguf.name}", f'TEMPLATE """{template}"""']
    lines += [f"PARAMETER stop {json.dumps(stop, ensure_ascii=False)}" for stop in prompt.stops]
    lines.append("PARAMETER temperature 0")
    return "\n".join(lines) + "\n"


def adapter_base_model(adapter: Path) -> str | None:
    """The base model mlx-lm recorded in the adapter's ``adapter_config.json``."""
    try:
        config = json.loads((adapter / "adapter_config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    model = config.get("model")
    return model if isinstance(model, str) else None


def export_adapter(adapter: Path, out: Path, *, model: str | None = None,
                   name: str | None = None, run_ollama: bool = True,
                   python: str = sys.executable,
                   log: Callable[[str], None] = print) -> ExportResult:
    """Fuse, write the GGUF and the Modelfile, and register the model with Ollama."""
    if not (adapter / "adapters.safetensors").is_file():
        raise ExportError(f"{adapter} holds no adapters.safetensors; give the folder of one "
                          "fine-tuning run (e.g. OUT/whole or OUT/fields/stop_loss)")
    base = model or adapter_base_model(adapter)
    if base is None:
        raise ExportError(f"{adapter}/adapter_config.json names no base model; pass --model")
    name = ollama_name(name or f"strategy-{adapter.name}")
    fused = fuse(adapter, base, out / "fused", python=python, log=log)
    prompt = prompt_format(fused)
    gguf = out / f"{name}-f16.gguf"
    log(f"writing {gguf}")
    try:
        write_gguf(fused, gguf, add_bos=prompt.add_bos, name=name,
                   chat_template=prompt.chat_template)
    except GGUFError as error:
        raise ExportError(f"GGUF export: {error}") from error
    modelfile = out / "Modelfile"
    modelfile.write_text(modelfile_text(gguf, prompt, source=f"{adapter} fused into {base}"),
                         "utf-8")
    command, created = register_with_ollama(modelfile, name, run=run_ollama, log=log)
    return ExportResult(fused, gguf, modelfile, name, command, created)


def register_with_ollama(modelfile: Path, name: str, *, run: bool = True,
                         log: Callable[[str], None] = print) -> tuple[tuple[str, ...], bool]:
    """``ollama create NAME -f Modelfile`` when ollama is installed (and ``run``), else
    print it; returns the command and whether it ran."""
    # run from the Modelfile's folder, where FROM ./NAME-f16.gguf resolves however Ollama
    # reads relative paths
    command = ("ollama", "create", name, "-f", modelfile.name)
    shown = f"cd {shlex.quote(str(modelfile.parent))} && {shlex.join(command)}"
    executable = shutil.which("ollama") if run else None
    if executable is None:
        reason = "ollama is not on the PATH" if run else "not registered with Ollama"
        log(f"{reason}; to serve the model, run:\n  {shown}")
        return command, False
    log(f"running {shown}")
    done = subprocess.run([executable, *command[1:]], cwd=modelfile.parent, check=False)
    if done.returncode != 0:
        raise ExportError(f"ollama create failed (exit {done.returncode}); the GGUF and "
                          f"Modelfile are in {modelfile.parent}")
    return command, True


def add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``strategy-lsp-train export``."""
    parser = commands.add_parser(
        "export", help="fuse an adapter, write an fp16 GGUF and an Ollama Modelfile",
        description="Fuse a fine-tuned adapter into its base model (mlx_lm fuse), write it "
                    "as an fp16 llama GGUF with an Ollama Modelfile, and run ollama create "
                    "when ollama is installed.")
    parser.add_argument("--adapter", type=Path, required=True,
                        help="folder of one fine-tuning run (adapters.safetensors)")
    parser.add_argument("--model", help="base model, Hub id or path (default: the one the "
                                        "adapter was trained on)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--name", help="Ollama model name (default strategy-<adapter folder>)")
    parser.add_argument("--no-ollama", action="store_true",
                        help="write the files but do not run ollama create")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    try:
        result = export_adapter(args.adapter, args.out, model=args.model, name=args.name,
                                run_ollama=not args.no_ollama)
    except ExportError as error:
        print(f"strategy-lsp-train export: {error}", file=sys.stderr)
        return 1
    print(f"wrote {result.gguf} and {result.modelfile}"
          + (f"; ollama model {result.name} created" if result.created else ""))
    return 0
