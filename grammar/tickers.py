"""Ticker symbols that strategies are commonly written for.

The dataset generator draws its strategies' tickers from :data:`TICKERS`; the embedded
model's reader takes one of them written in lower case ("buy nvda") as that ticker, even
where the lower-case word is also a word the model knows ("meta", "spy").
"""

from __future__ import annotations

TICKERS = (
    "AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "GOOG", "META", "TSLA", "NFLX", "AMD", "INTC",
    "JPM", "BAC", "GS", "V", "KO", "PEP", "WMT", "COST", "DIS", "NKE", "MCD", "XOM",
    "CVX", "PFE", "JNJ", "UNH", "BA", "CAT", "IBM", "ORCL", "CRM", "ADBE", "PYPL", "SHOP",
    "UBER", "PLTR", "COIN", "SQ", "T", "F", "GM", "BRK-B", "SPY", "QQQ", "IWM", "DIA", "GLD",
    "SLV", "TLT", "XLE", "XLF", "ARKK", "BTC-USD", "ETH-USD", "SOL-USD", "EURUSD=X",
    "GBPUSD=X", "^GSPC", "^NDX", "^DJI", "GC=F", "CL=F", "SAP.DE", "7203.T", "VOD.L",
)
