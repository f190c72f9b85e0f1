"""Chinese deliverables' wording of a result: the working of a score in the evaluator's Chinese
notation (:mod:`jxpj.zh.working`) and the 业绩值 derived from an indicator's facts
(:mod:`jxpj.zh.values`). The terminal and JSON keep the rules' English explanations."""
