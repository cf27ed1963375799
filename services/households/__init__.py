"""The households service: registry, monitoring objects, helpers, visits, income, measures, subsidies, jobs."""
