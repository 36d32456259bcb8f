"""Generate the synthetic pulmonary-metastasectomy cohort used by the samples.

Modelled on the structure of a published retrospective sarcoma study (seed 001:
LMS/SyS/UPS, first pulmonary metastasectomy, DFS and OS in months). The numbers
are simulated, not patients: exponential hazards with effects for a treatment-
free interval >= 12 months and a largest lesion > 2 cm, uniform censoring.
Run: python3 samples/data/make_pm_cohort.py > samples/data/pm_cohort.csv
"""
import math
import random

rng = random.Random(20240821)
print("patient_id,center,histotype,sex,age,tfi_months,lesions,maxdiam_cm,systemic,pm_date,dfs_months,relapse,os_months,dead")
for pid in range(1, 121):
    center = rng.choice(["LMU", "TUM", "Augsburg", "Erlangen", "Regensburg", "Wuerzburg"])
    histotype = rng.choices(["LMS", "SyS", "UPS"], weights=[35, 32, 33])[0]
    sex = "F" if rng.random() < 0.6 else "M"
    age = max(19, min(84, int(rng.gauss(54, 14))))
    tfi = round(rng.expovariate(1 / 16), 1)
    lesions = 1 + int(rng.expovariate(1 / 1.8))
    maxdiam = round(max(0.3, rng.lognormvariate(math.log(1.2), 0.6)), 1)
    systemic = 1 if rng.random() < 0.3 else 0
    year = rng.randint(2009, 2021)
    pm_date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lp = 0.8 * (maxdiam > 2) - 0.5 * (tfi >= 12) + 0.3 * (histotype == "UPS") + 0.2 * (sex == "M")
    dfs_true = rng.expovariate(math.exp(lp) / 16.0)
    os_true = dfs_true + rng.expovariate(math.exp(lp) / 45.0)
    follow = rng.uniform(3, 150)
    dfs = min(dfs_true, follow)
    os_t = min(os_true, follow)
    row = [pid, center, histotype, sex, age, tfi, lesions, maxdiam, systemic, pm_date,
           round(dfs, 1), int(dfs_true <= follow), round(os_t, 1), int(os_true <= follow)]
    if pid in (17, 58, 93):
        row[7] = "NA"  # three patients without a recorded lesion size
    print(",".join(str(v) for v in row))
