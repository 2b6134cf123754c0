"""Language features as plain functions of a document; ``server.app`` wires them to LSP."""
