/** The generation backends the server offers, for the "Select backend" quick pick. */

export interface BackendChoice {
  /** The value of `strategyLsp.backend`. */
  id: "embedded" | "ollama" | "openai";
  label: string;
  detail: string;
}

/** In the order of package.json's `strategyLsp.backend` enum (a test checks it). */
export const BACKENDS: readonly BackendChoice[] = [
  { id: "embedded", label: "Embedded",
    detail: "The small model shipped with strategy-lsp, run in the server process. Needs " +
      "nothing else." },
  { id: "ollama", label: "Ollama",
    detail: "A local Ollama server (strategyLsp.ollamaHost); models from strategyLsp." +
      "modelSmall and strategyLsp.modelLarge." },
  { id: "openai", label: "OpenAI-compatible",
    detail: "Any OpenAI-compatible server (strategyLsp.openaiBaseUrl), e.g. llama.cpp, " +
      "vLLM or mlx_lm.server." },
];
