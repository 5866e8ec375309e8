/** Recovery codes given at enrolment (shared by the server and the pages that count them). */
export const RECOVERY_CODE_COUNT = 10;
