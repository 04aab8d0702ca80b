"""RAG support assistant: retrieval recall caps the answer, and a grounding check is not a correctness check.

Included, section by section, into docs/system-design/rag-support-assistant.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:retrieval]
import re

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

plans = ["Free", "Starter", "Team", "Business", "Enterprise"]
# attribute: (unit in the article, values per plan, ways customers ask about it)
attributes = {
    "storage": ("GB of file storage", [2, 20, 100, 500, 2000], ["storage", "disk space", "room for my files"]),
    "seats": ("member seats", [3, 10, 50, 250, 1000], ["member seats", "users", "people on my account"]),
    "price": ("dollars per seat per month", [0, 6, 12, 20, 35], ["price per seat", "cost", "monthly bill"]),
    "api": ("API requests per minute", [60, 300, 600, 1200, 6000], ["API requests", "rate limit", "throttling"]),
    "upload": (
        "MB maximum upload size",
        [25, 100, 250, 1000, 5000],
        ["upload size", "largest attachment", "big video"],
    ),
    "history": ("days of version history", [7, 30, 90, 180, 365], ["version history", "restore an old draft", "undo"]),
    "support": ("hours first support response", [72, 48, 24, 8, 1], ["support response", "help desk wait", "reply"]),
}
articles, facts = [], []  # one help-center article per (plan, attribute)
for a, (unit, values, _) in attributes.items():
    for p, plan in enumerate(plans):
        upgrade = f"Need more? The {plans[p + 1]} plan raises this limit." if p + 1 < len(plans) else "Contact sales."
        articles.append(f"{plan} plan {a}. The {plan} plan includes {values[p]} {unit}. {upgrade}")
        facts.append((plan, a, values[p]))

rng = np.random.default_rng(0)
templates = [
    "How much {s} do I get on the {p} plan?",
    "What is the {s} for {p}?",
    "{p} plan {s}?",
    "I'm on {p}, what about {s}?",
]
questions, gold = [], []
for _ in range(400):
    i = int(rng.integers(len(articles)))
    plan, a, _ = facts[i]
    phrasing = attributes[a][2][int(rng.integers(3))]
    questions.append(templates[int(rng.integers(len(templates)))].format(s=phrasing, p=plan))
    gold.append(i)
gold = np.array(gold)


def bm25_scores(queries, docs, k1=1.2, b=0.75):
    """Okapi BM25 with the Robertson-Sparck Jones idf (plus one, so it stays positive)."""
    vectorizer = CountVectorizer().fit(docs)
    tf = vectorizer.transform(docs).toarray().astype(float)  # (docs, terms)
    doc_len = tf.sum(axis=1, keepdims=True)
    df = (tf > 0).sum(axis=0)
    idf = np.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
    weight = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / doc_len.mean()))
    present = (vectorizer.transform(queries).toarray() > 0).astype(float)  # (queries, terms)
    return present @ weight.T


tfidf = TfidfVectorizer(sublinear_tf=True).fit(articles)
scores = {
    "TF-IDF cosine": (tfidf.transform(questions) @ tfidf.transform(articles).T).toarray(),
    "BM25": bm25_scores(questions, articles),
}
print(f"{len(articles)} articles, {len(questions)} questions")
print(f"{'retriever':<14} {'recall@1':>9} {'recall@3':>9} {'recall@5':>9} {'recall@10':>10}")
for name, s in scores.items():
    order = np.argsort(-s, axis=1, kind="stable")  # ties go to the earlier article, as in the generator below
    rank = np.argmax(order == gold[:, None], axis=1)  # 0 when the answer's article is ranked first
    print(f"{name:<14} " + " ".join(f"{np.mean(rank < k):>{9 if k < 10 else 10}.2f}" for k in (1, 3, 5, 10)))
# --8<-- [end:retrieval]

# --8<-- [start:grounding]
numbers = re.compile(r"\d+")


def answer(question_index, top, hallucinate):
    """A stand-in for the LLM: a perfect reader of whatever was retrieved, which sometimes makes up a number."""
    plan, a, _ = facts[gold[question_index]]
    match = [i for i in top if facts[i][0] == plan and facts[i][1] == a]
    source = match[0] if match else top[0]  # if the right article is missing, it answers from the top one
    source_plan, source_attribute, value = facts[source]
    if hallucinate:
        value = int(rng.choice([v for v in attributes[a][1] if v != value]))
        return f"The {plan} plan includes {value} {attributes[a][0]}.", value
    # Otherwise a faithful copy of what the source article says, even when it is not what was asked.
    return f"The {source_plan} plan includes {value} {attributes[source_attribute][0]}.", value


def grounded(text, context):
    """Grounding check: every number in the answer must appear in the retrieved context."""
    return set(numbers.findall(text)) <= set(numbers.findall(context))


s = scores["BM25"]
hallucinated = rng.random(len(questions)) < 0.10  # the generator invents a number 10% of the time
words_per_article = np.mean([len(t.split()) for t in articles])
kinds = {"correct": 8, "made up, caught": 16, "made up, passed": 16, "wrong article": 14}
print(f"{'k':>3} {'context words':>14} " + " ".join(f"{kind:>{width}}" for kind, width in kinds.items()))
wrong_caught = wrong_total = 0
for k in (1, 3, 5, 10):
    outcomes = []
    for q in range(len(questions)):
        top = list(np.argsort(-s[q], kind="stable")[:k])
        text, value = answer(q, top, hallucinated[q])
        context = " ".join(articles[i] for i in top)
        if value == facts[gold[q]][2]:
            outcomes.append("correct")
        elif hallucinated[q]:
            outcomes.append("made up, caught" if not grounded(text, context) else "made up, passed")
        else:
            outcomes.append("wrong article")  # the right article was not retrieved
            wrong_total += 1
            wrong_caught += not grounded(text, context)  # the same check, run on these answers too
    shares = [outcomes.count(kind) / len(outcomes) for kind in kinds]
    cells = [f"{share:>{width}.1%}" for share, width in zip(shares, kinds.values(), strict=True)]
    print(f"{k:>3} {k * words_per_article:>14.0f} " + " ".join(cells))
print(f"wrong-article answers the check caught: {wrong_caught} of {wrong_total}")
# --8<-- [end:grounding]
