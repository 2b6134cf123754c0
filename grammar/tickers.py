"""Ticker symbols that strategies are commonly written for.

The dataset generator draws its strategies' tickers from :data:`TICKERS` and names some of
their companies (:data:`COMPANIES`). The embedded model's reader takes one of the tickers
written in lower case ("buy nvda") as that ticker, even where the lower-case word is also a
word the model knows ("meta", "spy"), and a company's name as its ticker where the
description writes no symbol at all ("buy Apple when ...": :data:`NAMED`).
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

#: Company (or asset) names the novice writer gives beside a ticker.
COMPANIES = {
    "AAPL": "Apple", "MSFT": "Microsoft", "TSLA": "Tesla", "NVDA": "Nvidia", "AMZN": "Amazon",
    "GOOGL": "Google", "GOOG": "Google", "META": "Meta", "NFLX": "Netflix", "KO": "Coca-Cola",
    "BTC-USD": "Bitcoin", "ETH-USD": "Ethereum", "SOL-USD": "Solana", "DIS": "Disney",
    "NKE": "Nike", "WMT": "Walmart", "INTC": "Intel", "BA": "Boeing", "PFE": "Pfizer",
    "GLD": "gold", "SLV": "silver", "EURUSD=X": "euro dollar", "GC=F": "gold", "CL=F": "oil",
    "PEP": "Pepsi", "UBER": "Uber", "COST": "Costco",
}

#: More companies of :data:`TICKERS` by the names people write (the novice writer does not
#: use these, so the training text is the same with or without them).
_MORE_NAMES = {
    "JPM": ("JPMorgan", "JP Morgan"), "BAC": ("Bank of America",), "GS": ("Goldman Sachs",),
    "V": ("Visa",), "MCD": ("McDonald's", "McDonalds"), "XOM": ("Exxon", "ExxonMobil"),
    "CVX": ("Chevron",), "JNJ": ("Johnson & Johnson",), "UNH": ("UnitedHealth",),
    "CAT": ("Caterpillar",), "ORCL": ("Oracle",), "CRM": ("Salesforce",), "ADBE": ("Adobe",),
    "PYPL": ("PayPal",), "SHOP": ("Shopify",), "PLTR": ("Palantir",), "COIN": ("Coinbase",),
    "T": ("AT&T",), "F": ("Ford",), "GM": ("General Motors",), "BRK-B": ("Berkshire",),
}

#: Names read as a ticker when a description writes no symbol: each names one company or
#: coin (Google is GOOGL, its class A shares), and is not an ordinary word ("meta", "uber",
#: "gold", "oil" are left alone).
NAMED = {name.lower(): ticker for ticker, name in COMPANIES.items()
         if ticker != "GOOG" and name.lower() not in
         {"meta", "uber", "gold", "silver", "oil", "euro dollar"}} | \
    {name.lower(): ticker for ticker, names in _MORE_NAMES.items() for name in names}
