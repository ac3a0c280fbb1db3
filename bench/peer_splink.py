"""Splink 5 on DuckDB over the generated GI and TH files (called by bench/peer.ts; not a test).

Settings as a Splink user would write them from the tutorials, without labels:
light cleaning (lower case, accents and punctuation out, phone digits), comparisons on name,
address, postcode, city, phone and distance, four blocking rules for predictions, the prior
from deterministic rules, u by random sampling, m by EM on two blocking rules, predictions at
match probability >= 0.5. Also writes the one-to-one links of Splink's
cluster_using_single_best_links at the same threshold (both lists are free of duplicates).

Usage: peer_splink.py --gi GI.csv --th TH.csv --out-dir DIR [--threshold 0.5]
Prints one JSON line: timings and counts. Writes DIR/pairs.csv and DIR/pairs_one_to_one.csv
(gi_id,th_id,match_probability).
"""

import argparse
import json
import logging
import os
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

OPTIONAL = ["address", "postcode", "city", "lat", "lon", "phone"]


def clean_sql(path: str, present: set[str]) -> str:
    """Standardise the columns the way the Splink tutorials do before linking."""

    def text(col: str) -> str:
        if col not in present:
            return f"cast(null as varchar) as {col}"
        return (
            f"nullif(trim(regexp_replace(lower(strip_accents({col})), "
            f"'[^a-z0-9 ]+', ' ', 'g')), '') as {col}"
        )

    cols = [
        "store_id",
        text("name"),
        text("address"),
        f"nullif(trim(postcode), '') as postcode" if "postcode" in present else "cast(null as varchar) as postcode",
        text("city"),
        f"nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') as phone" if "phone" in present else "cast(null as varchar) as phone",
        f"try_cast(replace(lat, ',', '.') as double) as lat" if "lat" in present else "cast(null as double) as lat",
        f"try_cast(replace(lon, ',', '.') as double) as lon" if "lon" in present else "cast(null as double) as lon",
    ]
    return f"select {', '.join(cols)} from read_csv('{path}', header = true, all_varchar = true)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gi", required=True)
    ap.add_argument("--th", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--threshold", type=float, default=0.5)
    a = ap.parse_args()
    t0 = time.perf_counter()

    con = duckdb.connect()
    header = {
        name: {c.strip().lower() for c in open(path, encoding="utf-8").readline().strip().split(",")}
        for name, path in (("gi", a.gi), ("th", a.th))
    }
    present = header["gi"] & header["th"]
    for name, path in (("gi", a.gi), ("th", a.th)):
        con.execute(f"create table {name}_clean as {clean_sql(path, present)}")

    has = lambda c: c in present  # noqa: E731
    comparisons = [cl.JaroWinklerAtThresholds("name", [0.92, 0.8]).configure(term_frequency_adjustments=True)]
    if has("address"):
        comparisons.append(cl.JaroWinklerAtThresholds("address", [0.92, 0.8]))
    if has("postcode"):
        comparisons.append(cl.ExactMatch("postcode"))
    if has("city"):
        comparisons.append(cl.ExactMatch("city").configure(term_frequency_adjustments=True))
    if has("phone"):
        comparisons.append(cl.ExactMatch("phone"))
    if has("lat") and has("lon"):
        comparisons.append(cl.DistanceInKMAtThresholds("lat", "lon", [0.1, 1, 10]))

    rules = []
    if has("phone"):
        rules.append(block_on("phone"))
    if has("postcode"):
        rules.append(block_on("postcode", "substr(name, 1, 3)"))
    if has("city") and has("address"):
        rules.append(block_on("city", "address"))
    if has("city"):
        rules.append(block_on("name", "city"))
    else:
        rules.append(block_on("name"))
    if has("address"):
        rules.append(block_on("address"))

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="store_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI(connection=con)
    gi = db_api.register("gi_clean", dataset_display_name="gi")
    th = db_api.register("th_clean", dataset_display_name="th")
    linker = Linker([gi, th], settings, log_level=logging.WARNING)
    t_prep = time.perf_counter()

    deterministic = [block_on("name", "city") if has("city") else block_on("name")]
    if has("phone"):
        deterministic.append(block_on("phone", "substr(name, 1, 3)"))
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    # EM on two blocking rules: each trains the comparisons the other holds fixed.
    em_rules = [block_on("name", "city") if has("city") else block_on("name")]
    if has("phone"):
        em_rules.append(block_on("phone"))
    elif has("postcode"):
        em_rules.append(block_on("postcode"))
    elif has("address"):
        em_rules.append(block_on("address"))
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    t_train = time.perf_counter()

    predictions = linker.inference.predict(threshold_match_probability=a.threshold)
    t_predict = time.perf_counter()
    one_to_one = linker.clustering.cluster_using_single_best_links(
        predictions, duplicate_free_datasets=["gi", "th"], threshold_match_probability=a.threshold
    )
    t_cluster = time.perf_counter()

    os.makedirs(a.out_dir, exist_ok=True)
    linker.misc.save_model_to_json(os.path.join(a.out_dir, "model.json"), overwrite=True)
    pairs_path = os.path.join(a.out_dir, "pairs.csv")
    con.execute(
        f"""copy (
          select case when source_dataset_l = 'gi' then store_id_l else store_id_r end as gi_id,
                 case when source_dataset_l = 'gi' then store_id_r else store_id_l end as th_id,
                 match_probability
          from {predictions.physical_name}
          where match_probability >= {a.threshold}
        ) to '{pairs_path}' (header)"""
    )
    o2o_path = os.path.join(a.out_dir, "pairs_one_to_one.csv")
    con.execute(
        f"""copy (
          select g.store_id as gi_id, t.store_id as th_id, null as match_probability
          from {one_to_one.physical_name} g join {one_to_one.physical_name} t using (cluster_id)
          where g.source_dataset = 'gi' and t.source_dataset = 'th'
        ) to '{o2o_path}' (header)"""
    )
    n_pairs = con.execute(f"select count(*) from read_csv('{pairs_path}')").fetchone()[0]
    n_o2o = con.execute(f"select count(*) from read_csv('{o2o_path}')").fetchone()[0]
    print(
        json.dumps(
            {
                "splink": __import__("splink").__version__,
                "duckdb": duckdb.__version__,
                "columns": sorted(present),
                "comparisons": [c.create_output_column_name() for c in comparisons],
                "blocking_rules": [r.get_blocking_rule("duckdb").blocking_rule_sql for r in rules],
                "prior": linker._settings_obj._probability_two_random_records_match,
                "pairs": n_pairs,
                "pairs_one_to_one": n_o2o,
                "seconds": {
                    "load": round(t_prep - t0, 2),
                    "train": round(t_train - t_prep, 2),
                    "predict": round(t_predict - t_train, 2),
                    "one_to_one": round(t_cluster - t_predict, 2),
                    "total": round(time.perf_counter() - t0, 2),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
