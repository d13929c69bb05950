# Shortcuts for the commands in README.md. Each target is one command you can
# also type yourself; `make setup` creates .venv, the others use it.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup lab test notebooks student slides site data

setup:            ## create .venv with the exact pinned versions and the course package
	python3 -m venv $(VENV) && $(BIN)/pip install -r requirements.txt -e .

lab:              ## open the course in JupyterLab
	$(BIN)/jupyter lab notebooks/

test:             ## unit tests and every notebook, as CI runs them
	$(BIN)/pytest --nbval

data:             ## download and verify MNIST once (cached in data/)
	$(BIN)/python -m nnhelpers.data fetch

notebooks:        ## re-execute every notebook in a fresh kernel, storing its outputs
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/[0-9]*.ipynb

student:          ## student edition (solutions stubbed) in build/student/
	$(BIN)/python -m coursebuild student

slides:           ## offline reveal.js decks in build/slides/
	$(BIN)/python -m coursebuild slides

site:             ## offline course site in build/site/
	$(BIN)/python -m coursebuild site
