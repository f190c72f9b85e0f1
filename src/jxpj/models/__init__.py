"""What users write, validated: the spec, the evidence (with its claims), fact references and the JSON Schema."""
