// What the model panel lists as loadable.
export { SUPPORTED_FAMILIES_TEXT } from '../../engine/model/familyNames';
