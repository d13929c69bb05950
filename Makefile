# Shortcuts for the commands in README.md. Each target is one command you can
# also type yourself; `make setup` creates .venv, the others use it (so they work
# in a new terminal without `. .venv/bin/activate`).
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup student-lab lab test notebooks student slides site all check-slides data grade nbgrader

setup:            ## create .venv with the exact pinned versions and the course package
	python3 -m venv $(VENV) && $(BIN)/pip install -r requirements.txt -e .

student-lab:      ## STUDENTS: build the student edition (exercises to do) if needed, open it in JupyterLab
	$(BIN)/python -m coursebuild student-lab

lab:              ## INSTRUCTORS: open the instructor edition (notebooks/, every solution in it)
	$(BIN)/jupyter lab notebooks/

test:             ## unit tests and every notebook, as CI runs them
	$(BIN)/pytest --nbval

data:             ## download and verify MNIST once (cached in data/)
	$(BIN)/python -m nnhelpers.data fetch

notebooks:        ## re-execute every chapter in a fresh kernel, isolated from your own settings, storing its outputs
	$(BIN)/python -m coursebuild execute

student:          ## student edition (solutions stubbed) in build/student/; never overwrites a changed notebook
	$(BIN)/python -m coursebuild student

slides:           ## offline reveal.js decks in build/slides/
	$(BIN)/python -m coursebuild slides

site:             ## offline course site in build/site/
	$(BIN)/python -m coursebuild site

all:              ## student edition, decks and site
	$(BIN)/python -m coursebuild all

check-slides:     ## decks in headless Chromium: overflow, code lines, figure text, controls (strict); one chapter: make check-slides NOTEBOOKS=07
	$(BIN)/python -m coursebuild check-slides --strict $(NOTEBOOKS)

grade:            ## INSTRUCTORS: grade submissions, sandboxed: make grade SUBMISSIONS=folder -> build/grading/
	$(BIN)/python -m coursebuild grade $(SUBMISSIONS)

nbgrader:         ## INSTRUCTORS: the chapters with nbgrader metadata in build/nbgrader/source/
	$(BIN)/python -m coursebuild nbgrader
