# ActorScope's dashboard in a container: the pinned dependencies, a non-root user, port 8501.
#   docker build -t actorscope .
#   docker run --rm -p 8501:8501 actorscope
# Settings come from the environment (-e ACTORSCOPE_DB=postgresql://...) or from a secrets
# file mounted at /app/.streamlit/secrets.toml; see .streamlit/secrets.toml.example.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
WORKDIR /app

# The pinned dependencies first: this layer is rebuilt only when the pins change.
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Then the project itself, installed without touching the pins. The code stays root's; the app
# user may write only data/ (the SQLite store, when no ACTORSCOPE_DB is given). EXTRAS adds
# optional extras of pyproject.toml (compose.yaml builds with EXTRAS=cluster for Dask).
COPY . .
ARG EXTRAS=""
RUN pip install --no-deps . && if [ -n "$EXTRAS" ]; then pip install ".[$EXTRAS]"; fi \
    && rm -rf build *.egg-info && chown -R app:app data

USER app
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('PORT', '8501')}/_stcore/health\", timeout=4)"]
# Shell form, so that a host's $PORT (Cloud Run, Hugging Face Spaces, Fly) is honoured.
CMD exec streamlit run streamlit_app.py --server.port=${PORT:-8501} --server.address=0.0.0.0
