-- Staff assessments (see docs/decisions/007-anonymous-assessments.md).
-- The new tenant tables: RLS enabled and forced, tenant_isolation, the app role's grants.
SELECT praxis_secure_tenant_tables();
--> statement-breakpoint
-- Responding from a link: the respondent has no account; the token's hash is the credential that
-- lets the app role read the one invitation it belongs to (as invitation_by_token does for
-- membership invitations), before the organization is known.
CREATE POLICY assessment_invitation_by_token ON assessment_invitations FOR SELECT
  USING (token_hash = nullif(current_setting('app.assessment_token_hash', true), ''));
--> statement-breakpoint
-- The development resources library is global and read-only for the app, like the catalog.
GRANT SELECT ON development_resources TO praxis_app;
--> statement-breakpoint
-- Seeded from ICMA's ethics resources page: titles and descriptions only. The page's personal
-- contact details (a named person and an email address) are deliberately left out.
INSERT INTO development_resources (key, framework_code, practice_numbers, title, description, url, position) VALUES
  ('icma-ethics-program', 'ICMA-2017', '{1}', 'ICMA ethics advice, education and training',
   'Promoting an ethical culture is a key leadership responsibility. ICMA promotes the highest standards of ethical conduct in the local government management profession by providing advice, education, and training to members and enforcing the ICMA Code of Ethics through a peer review process. ICMA also provides training and technical assistance to promote ethical conduct.', NULL, 1),
  ('icma-ethics-state-briefings', 'ICMA-2017', '{1,2}', 'Ethics Workshops or Briefings for State Associations',
   'ICMA''s relationship with state associations reflects a partnership on ethics. ICMA offers the executive board of state associations a virtual briefing on the state association''s role in ICMA''s ethics review process, or an in-person briefing in conjunction with a state conference. Requests go through ICMA''s ethics office.', NULL, 2),
  ('icma-ethics-101', 'ICMA-2017', '{1,4,13}', 'Ethics 101 e-Course',
   'A self-paced, online program to strengthen your jurisdiction''s ethical culture by making sure your staff has a proper grounding in your organization''s values and can navigate ethics issues that arise on the job.', NULL, 3),
  ('icma-learning-lab', 'ICMA-2017', '{1,5}', 'Learning Lab',
   'ICMA offers ethics training for staff at every level. Members and non-members can find a full listing of online courses, programs and webinars, searchable by topic.', NULL, 4),
  ('icma-coaching-webinars', 'ICMA-2017', '{4,5}', 'Coaching Webinars',
   'Six yearly webinars on various topics, a complimentary resource for local government staff looking to develop, advance, and strengthen their communities.', NULL, 5),
  ('icma-ethics-matter', 'ICMA-2017', '{1}', 'Ethics Matter! columns (PM magazine)',
   'PM magazine''s monthly columns on ethics questions in local government management.', NULL, 6),
  ('icma-model-employment-agreement', 'ICMA-2017', '{1,8}', 'ICMA Model Employment Agreement',
   'An editable employment agreement between the chief executive/administrative officer and a municipality: an effective tool in ensuring a stable relationship between the governing body and the manager.', NULL, 7),
  ('icma-ethics-guidance', 'ICMA-2017', '{1}', 'Guidance on common ethics questions',
   'Updated guidance on common ethics questions and the ethical issues and challenges ICMA members face.', NULL, 8),
  ('icma-ethics-ebook', 'ICMA-2017', '{1,5}', 'ICMA e-book on ethical choices',
   'Practical guidance to help public managers make ethical choices for themselves and instill an ethical culture in their organizations (free for ICMA members).', NULL, 9),
  ('icma-effective-supervisory-practices', 'ICMA-2017', '{1,4,13}', 'Effective Supervisory Practices, 6th edition',
   'ICMA''s book on supervision, with an accompanying training series in which ethical leadership is discussed.', NULL, 10),
  ('icma-bookstore', 'ICMA-2017', '{5,11}', 'ICMA Bookstore',
   'Print and digital publications, datasets and more for local government professionals.', NULL, 11)
ON CONFLICT (key) DO NOTHING;
