/**
 * Adoption: an analytics implementation sending the portal's analytics events
 * to the adoption backend, and the Adoption page of its figures for admins.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { adoptionApiRef, type AdoptionApi } from './api/AdoptionApi';
export { AdoptionClient } from './api/AdoptionClient';
