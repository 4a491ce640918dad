@implementation Broken
- (int)good:(int)a {
  return a > 0 ? a : -a;
}
- (int)bad:(int)a {
  return [self good:a;
}
@end
