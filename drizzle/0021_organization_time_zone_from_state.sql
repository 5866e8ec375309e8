-- Organizations that existed before the time-zone setting get the zone most of their state's
-- people live in (the same table the sign-up form proposes from: app/modules/core/time-zone.ts);
-- an administrator can change it in Settings. The migrating role owns the table but is bound by
-- FORCE ROW LEVEL SECURITY (unless it is a superuser), so the force is lifted for this one update.
ALTER TABLE organizations NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
update organizations set time_zone = case state
    when 'AL' then 'America/Chicago'
    when 'AK' then 'America/Anchorage'
    when 'AZ' then 'America/Phoenix'
    when 'AR' then 'America/Chicago'
    when 'CA' then 'America/Los_Angeles'
    when 'CO' then 'America/Denver'
    when 'CT' then 'America/New_York'
    when 'DE' then 'America/New_York'
    when 'DC' then 'America/New_York'
    when 'FL' then 'America/New_York'
    when 'GA' then 'America/New_York'
    when 'HI' then 'Pacific/Honolulu'
    when 'ID' then 'America/Denver'
    when 'IL' then 'America/Chicago'
    when 'IN' then 'America/New_York'
    when 'IA' then 'America/Chicago'
    when 'KS' then 'America/Chicago'
    when 'KY' then 'America/New_York'
    when 'LA' then 'America/Chicago'
    when 'ME' then 'America/New_York'
    when 'MD' then 'America/New_York'
    when 'MA' then 'America/New_York'
    when 'MI' then 'America/New_York'
    when 'MN' then 'America/Chicago'
    when 'MS' then 'America/Chicago'
    when 'MO' then 'America/Chicago'
    when 'MT' then 'America/Denver'
    when 'NE' then 'America/Chicago'
    when 'NV' then 'America/Los_Angeles'
    when 'NH' then 'America/New_York'
    when 'NJ' then 'America/New_York'
    when 'NM' then 'America/Denver'
    when 'NY' then 'America/New_York'
    when 'NC' then 'America/New_York'
    when 'ND' then 'America/Chicago'
    when 'OH' then 'America/New_York'
    when 'OK' then 'America/Chicago'
    when 'OR' then 'America/Los_Angeles'
    when 'PA' then 'America/New_York'
    when 'RI' then 'America/New_York'
    when 'SC' then 'America/New_York'
    when 'SD' then 'America/Chicago'
    when 'TN' then 'America/Chicago'
    when 'TX' then 'America/Chicago'
    when 'UT' then 'America/Denver'
    when 'VT' then 'America/New_York'
    when 'VA' then 'America/New_York'
    when 'WA' then 'America/Los_Angeles'
    when 'WV' then 'America/New_York'
    when 'WI' then 'America/Chicago'
    when 'WY' then 'America/Denver'
    when 'AS' then 'Pacific/Pago_Pago'
    when 'GU' then 'Pacific/Guam'
    when 'MP' then 'Pacific/Guam'
    when 'PR' then 'America/Puerto_Rico'
    when 'VI' then 'America/Puerto_Rico'
    else time_zone
  end;
--> statement-breakpoint
-- The update queued the data-version trigger (deferred to the commit), and a table with pending
-- trigger events cannot be altered: run them now, then defer again.
SET CONSTRAINTS praxis_org_version IMMEDIATE;
--> statement-breakpoint
SET CONSTRAINTS praxis_org_version DEFERRED;
--> statement-breakpoint
ALTER TABLE organizations FORCE ROW LEVEL SECURITY;
