/**
 * The process's severity levels and the target each sets for the fix to reach production.
 */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * The process's severity levels: CRITICAL under 1 hour, HIGH under 4 hours, MEDIUM waits for the
 * next release. The clock stops when the fix is in production (the first deployment of the
 * production tag), the moment users stop being affected.
 */
export const SEVERITY_TARGETS: Record<Severity, { minutes?: number; icon: string; text: string }> =
  {
    CRITICAL: { minutes: 60, icon: '🔴', text: 'fix in production within 1 hour' },
    HIGH: { minutes: 240, icon: '🟠', text: 'fix in production within 4 hours' },
    MEDIUM: { icon: '🟡', text: 'no hotfix target: the next release is OK for MEDIUM' },
  };
