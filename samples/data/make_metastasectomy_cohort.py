"""Generate the SYNTHETIC pulmonary-metastasectomy cohort of samples/seed001_metastasectomy.sq.

Modelled on the structure of seed 001 (first-time pulmonary metastasectomy (PM)
for LMS, SyS or UPS at six German university hospitals, 2009-2021: 77 patients).
The rows are simulated, not patients; only the design and the rough size of the
effects follow the paper:
  - DFS after a PM: exponential (median about 7 months), worse for a largest
    lesion > 2 cm; systemic therapy with the PM helps when the lesion is > 2 cm
    and not otherwise (the paper's interaction);
  - OS after the first PM: Weibull (shape 1.7, median about 5 years), worse for
    a lesion > 2 cm, UPS and men, better for a treatment-free interval >= 12 months;
  - a relapse is operated again (a repeat PM) with probability 0.4.
Follow-up ends on 2022-12-31. Dates are ISO text.

Run: python3 samples/data/make_metastasectomy_cohort.py   (writes
metastasectomy_patients.csv, metastasectomy_treatments.csv and
metastasectomy_cohort.db next to this file; same seed, same files)
"""
import csv
import datetime as dt
import math
import os
import random
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
END = dt.date(2022, 12, 31)
MONTH = 365.25 / 12


def day(date, days):
    return date + dt.timedelta(days=int(round(days)))


def simulate(seed):
    rng = random.Random(seed)
    patients, treatments = [], []
    for pid in range(1, 78):
        center = rng.choice(["LMU", "TUM", "Augsburg", "Erlangen", "Regensburg", "Wuerzburg"])
        sex = "F" if rng.random() < 0.61 else "M"
        histotype = rng.choices(["LMS", "SyS", "UPS"], weights=[35, 32, 33])[0]
        grade = "G3" if rng.random() < 0.6 else "G2"
        primary_site = "Extremity" if rng.random() < 0.58 else "Non-extremity"
        primary_size = round(max(1.0, rng.lognormvariate(math.log(7.5), 0.55)), 1)
        age = max(19, min(81, int(round(rng.gauss(54 if histotype != "SyS" else 40, 13)))))
        pm_date = dt.date(2009, 6, 1) + dt.timedelta(days=int((13 * 365 - 200) * math.sqrt(rng.random())))
        synchronous = 1 if rng.random() < 0.17 else 0
        tfi = round(rng.uniform(0.5, 11.5) if synchronous or rng.random() < 0.45 else 12 + rng.expovariate(1 / 18), 1)
        diagnosis = day(pm_date, -rng.uniform(60, 300) if synchronous else -(tfi * MONTH + rng.uniform(90, 400)))
        birth = day(diagnosis, -age * 365.25 - rng.uniform(0, 365))
        rt_first = 1 if rng.random() < 0.53 else 0
        systemic_first = 1 if rng.random() < 0.64 else 0
        # One frailty per patient links relapse and death.
        frailty = rng.gauss(0, 0.35)
        first_big = None
        lp_os = None
        number = 0
        date = pm_date
        last_fu = END
        death = None
        while number < 6:
            number += 1
            lesions = 1 if rng.random() < 0.48 else min(16, 2 + int(rng.expovariate(1 / 2.3)))
            maxdiam = round(min(11.2, max(0.3, rng.lognormvariate(math.log(1.25), 0.6))), 1)
            big = maxdiam > 2
            # Larger lesions were more often combined with systemic therapy.
            systemic = 1 if rng.random() < (0.5 if big else 0.25) else 0
            primary_control = 0 if rng.random() < 0.1 else 1
            if number == 1:
                first_big = big
                lp_os = (math.log(5.0) * big + math.log(0.45) * (tfi >= 12) + math.log(2.3) * (histotype == "UPS")
                         + math.log(1.9) * (sex == "M") + frailty)
                os_years = 8.3 * rng.expovariate(1.0) ** (1 / 1.7) / math.exp(lp_os / 1.7)
                death = day(pm_date, os_years * 365.25)
                lost = day(pm_date, rng.uniform(1, 9) * 365.25) if rng.random() < 0.12 else END
                last_fu = min(death, lost, END)
            effect_systemic = (-1.0 if big else 0.2)
            lp = math.log(2.8) * big + systemic * effect_systemic + math.log(0.75) * (tfi >= 12) + frailty
            dfs_months = rng.expovariate(math.log(2) / 8.0 * math.exp(lp))
            relapse = day(date, dfs_months * MONTH)
            relapsed = relapse < last_fu
            treatments.append({
                "pm_id": len(treatments) + 1, "patient_id": pid, "pm_number": number, "pm_date": date.isoformat(),
                "approach": "VATS" if rng.random() < 0.31 else "Thoracotomy", "synchronous": synchronous if number == 1 else 0,
                "tfi_months": tfi, "lesions": lesions, "bipulmonary": 1 if rng.random() < 0.27 else 0,
                "maxdiam_cm": maxdiam, "primary_control": primary_control, "systemic": systemic,
                "relapse_date": relapse.isoformat() if relapsed else "",
            })
            if not relapsed or rng.random() > 0.4:
                break
            date = day(relapse, rng.uniform(20, 90))
            if date >= last_fu:
                break
            tfi = round(max(0.5, dfs_months), 1)
        died = death is not None and death <= last_fu
        patients.append({
            "patient_id": pid, "center": center, "sex": sex, "birth_date": birth.isoformat(), "histotype": histotype,
            "grade": grade, "primary_site": primary_site, "primary_size_cm": primary_size, "rt_first": rt_first,
            "systemic_first": systemic_first, "diagnosis_date": diagnosis.isoformat(),
            "death_date": death.isoformat() if died else "", "last_fu_date": last_fu.isoformat(),
        })
    return patients, treatments


def main():
    # The seed whose draw is closest to the paper (of 20250101-08, by the DFS/OS medians and the size effects).
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 20250106
    patients, treatments = simulate(seed)
    for name, rows in [("metastasectomy_patients.csv", patients), ("metastasectomy_treatments.csv", treatments)]:
        with open(os.path.join(HERE, name), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    path = os.path.join(HERE, "metastasectomy_cohort.db")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE about (note TEXT)")
    db.execute("INSERT INTO about VALUES (?)", ("SYNTHETIC data made by samples/data/make_metastasectomy_cohort.py (seed %d); not patients." % seed,))
    integer = {"patient_id", "pm_id", "pm_number", "synchronous", "lesions", "bipulmonary", "primary_control",
               "systemic", "rt_first", "systemic_first"}
    real = {"tfi_months", "maxdiam_cm", "primary_size_cm"}
    for table, rows in [("patients", patients), ("treatments", treatments)]:
        columns = list(rows[0].keys())
        kinds = ["INTEGER" if c in integer else "REAL" if c in real else "TEXT" for c in columns]
        db.execute("CREATE TABLE %s (%s)" % (table, ", ".join("%s %s" % ck for ck in zip(columns, kinds))))
        db.executemany("INSERT INTO %s VALUES (%s)" % (table, ", ".join("?" * len(columns))),
                       [[None if r[c] == "" else r[c] for c in columns] for r in rows])
    db.commit()
    db.execute("VACUUM")
    db.close()
    print("seed %d: %d patients, %d PM" % (seed, len(patients), len(treatments)))


main()
