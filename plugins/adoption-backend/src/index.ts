/**
 * The adoption backend plugin: the frontend's analytics events per signed-in
 * user, and the portal's adoption figures for admins.
 *
 * @packageDocumentation
 */
export { adoptionPlugin as default } from './plugin';
