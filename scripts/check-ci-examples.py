#!/usr/bin/env python3
"""Checks every CI pipeline the docs show, so a copied example runs as written.

Extracts each fenced ```yaml block of README.md and docs/*.md that is a GitHub Actions workflow
(top-level `on` and `jobs`) or a GitLab CI pipeline (top-level `stages`/`workflow`, or a job
with `script`), then:
  - validates it with check-jsonschema's built-in schemas (vendor.github-workflows,
    vendor.gitlab-ci), which ship inside the package and need no network;
  - runs shellcheck on its shell: each `run:` of a workflow (bash, GitHub's `shell: bash`),
    each job's before_script + script + after_script of a pipeline (POSIX sh, as the
    images' shells may be BusyBox);
  - refuses `${{ ... }}` inside a `run:` (an expression there is pasted into the script before
    the shell sees it: pass values through `env:` instead).

A tool that is missing is an error naming it (exit 2), never a silent pass; no pipeline found at
all is an error too. Exit 0 when everything checks, 1 on a finding.

Usage: scripts/check-ci-examples.py [FILE.md ...]   (default: README.md docs/*.md)
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("check-ci-examples: error: PyYAML is missing (Debian: python3-yaml; scripts/install-deps.sh installs it)", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Where scripts/install-deps.sh puts check-jsonschema (a venv: Debian's python is externally managed).
VENV_TOOL = os.path.join(ROOT, ".build", "tools", "venv", "bin", "check-jsonschema")
# CI scripts read variables the CI system or an earlier job sets (SC2154: referenced, not assigned).
SHELLCHECK_EXCLUDE = "SC2154"
FENCE = re.compile(r"^```ya?ml[ \t]*$")


def tool(name, fallback=None):
    path = shutil.which(name)
    if path is None and fallback and os.access(fallback, os.X_OK):
        path = fallback
    if path is None:
        print(f"check-ci-examples: error: '{name}' is not installed; run scripts/install-deps.sh", file=sys.stderr)
        sys.exit(2)
    return path


def yaml_blocks(path):
    """(first line number, text) of each ```yaml block."""
    blocks, lines, start = [], None, 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            stripped = line.rstrip("\n")
            if lines is None:
                if FENCE.match(stripped):
                    lines, start = [], number + 1
            elif stripped.startswith("```"):
                blocks.append((start, "".join(lines)))
                lines = None
            else:
                lines.append(line)
    return blocks


def kind_of(document):
    """'github', 'gitlab' or None for a parsed block."""
    if not isinstance(document, dict):
        return None
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean true.
    if "jobs" in document and ("on" in document or True in document):
        return "github"
    if "stages" in document or "workflow" in document:
        return "gitlab"
    if any(isinstance(value, dict) and "script" in value for value in document.values()):
        return "gitlab"
    return None


def looks_like_pipeline(text):
    return bool(re.search(r"^\s*(runs-on|script|stages):", text, re.MULTILINE))


def shell_scripts(kind, document):
    """(name, dialect, script) for each piece of shell the pipeline runs."""
    if kind == "github":
        default_shell = ((document.get("defaults") or {}).get("run") or {}).get("shell")
        for job_name, job in (document.get("jobs") or {}).items():
            job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell)
            for index, step in enumerate(job.get("steps") or [], 1):
                if "run" in step:
                    shell = step.get("shell", job_shell) or "bash"
                    dialect = "sh" if shell == "sh" else "bash"
                    yield f"jobs.{job_name}.steps[{index}]", dialect, step["run"]
    else:
        for job_name, job in document.items():
            if not isinstance(job, dict) or "script" not in job:
                continue
            lines = []
            for key in ("before_script", "script", "after_script"):
                value = job.get(key) or []
                lines.extend(value if isinstance(value, list) else [value])
            yield job_name, "sh", "\n".join(str(line) for line in lines)


def main(files):
    check_jsonschema = tool("check-jsonschema", VENV_TOOL)
    shellcheck = tool("shellcheck")
    problems, counts = [], {"github": 0, "gitlab": 0}
    with tempfile.TemporaryDirectory() as scratch:
        for path in files:
            relative = os.path.relpath(path, ROOT)
            for line, text in yaml_blocks(path):
                where = f"{relative}:{line}"
                try:
                    document = yaml.safe_load(text)
                except yaml.YAMLError as error:
                    if looks_like_pipeline(text):
                        problems.append(f"{where}: error: the pipeline is not valid YAML: {error}")
                    continue
                kind = kind_of(document)
                if kind is None:
                    if looks_like_pipeline(text):
                        problems.append(f"{where}: error: a block that looks like a pipeline is neither a GitHub workflow nor a GitLab pipeline")
                    continue
                counts[kind] += 1
                block = os.path.join(scratch, f"block-{kind}-{sum(counts.values())}.yml")
                with open(block, "w", encoding="utf-8") as handle:
                    handle.write(text)
                schema = "vendor.github-workflows" if kind == "github" else "vendor.gitlab-ci"
                result = subprocess.run([check_jsonschema, "--builtin-schema", schema, block], capture_output=True, text=True)
                if result.returncode != 0:
                    report = (result.stdout + result.stderr).replace(block, where)
                    problems.append(f"{where}: error: {schema} rejects the {kind} pipeline:\n{report}")
                for name, dialect, script in shell_scripts(kind, document):
                    if kind == "github" and "${{" in script:
                        problems.append(f"{where}: error: {name}: '${{{{ }}}}' inside run: (pass the value through env:)")
                    script_path = os.path.join(scratch, "script.sh")
                    with open(script_path, "w", encoding="utf-8") as handle:
                        handle.write(f"#!/bin/{dialect}\n{script}\n")
                    result = subprocess.run([shellcheck, "--shell", dialect, "--exclude", SHELLCHECK_EXCLUDE, "--format", "gcc", script_path],
                                            capture_output=True, text=True)
                    if result.returncode != 0:
                        output = result.stdout.replace(script_path, f"{relative} {name}")
                        problems.append(f"{where}: error: shellcheck ({dialect}) on {name}:\n{output}{result.stderr}")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"check-ci-examples: {counts['github']} GitHub workflows, {counts['gitlab']} GitLab pipelines in {len(files)} files; {len(problems)} problems")
    if counts["github"] == 0 or counts["gitlab"] == 0:
        print("check-ci-examples: error: expected at least one GitHub workflow and one GitLab pipeline", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    arguments = sys.argv[1:] or [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))
    sys.exit(main(arguments))
